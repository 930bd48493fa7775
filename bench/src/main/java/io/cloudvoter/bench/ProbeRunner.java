package io.cloudvoter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudvoter.bench.probe.BrowserProbe;
import io.cloudvoter.model.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@link BrowserProbe} in its own JVM, with the agent's JVM options, and collects its results. */
final class ProbeRunner {
    private final BenchOptions options;

    ProbeRunner(BenchOptions options) {
        this.options = options;
    }

    List<JsonNode> run(Duration timeout, String... args) {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options.agentJavaOpts());
        command.addAll(List.of("-cp", options.benchJar().toString(), BrowserProbe.class.getName()));
        command.addAll(List.of(args));
        var pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var results = new ArrayList<JsonNode>();
        var output = new StringBuilder();
        try {
            var process = pb.start();
            var reader = Thread.ofPlatform().daemon().start(() -> {
                try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("RESULT ")) {
                            synchronized (results) {
                                results.add(Json.mapper().readTree(line.substring(7)));
                            }
                        } else if (output.length() < 4000) {
                            output.append(line).append('\n');
                        }
                    }
                } catch (IOException e) {
                    // the probe ended
                }
            });
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                ProcessTree.members(process.pid()).forEach(ProcessHandle::destroyForcibly);
                throw new IllegalStateException("browser probe " + String.join(" ", args) + " did not finish within " + timeout.toSeconds() + "s");
            }
            reader.join(5_000);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("browser probe " + args[0] + " failed (exit " + process.exitValue() + "): " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the browser probe", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        synchronized (results) {
            return List.copyOf(results);
        }
    }
}
