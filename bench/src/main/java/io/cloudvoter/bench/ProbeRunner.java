package io.cloudvoter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudvoter.agent.threads.DaemonThreads;
import io.cloudvoter.bench.probe.BrowserProbe;
import io.cloudvoter.model.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Runs {@link BrowserProbe} in its own JVM, with the agent's JVM options, and collects its results. */
final class ProbeRunner {
    private final BenchOptions options;

    ProbeRunner(BenchOptions options) {
        this.options = options;
    }

    /** Runs the probe to its end; returns every result it printed. */
    List<JsonNode> run(Duration timeout, String... args) {
        try (var probe = open(args)) {
            var results = new ArrayList<JsonNode>();
            if (!probe.process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("browser probe " + String.join(" ", args) + " did not finish within " + timeout.toSeconds() + "s");
            }
            probe.reader.join(5_000);
            if (probe.process.exitValue() != 0) {
                throw new IllegalStateException("browser probe " + args[0] + " failed (exit " + probe.process.exitValue() + "): " + probe.output());
            }
            probe.results.drainTo(results);
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Starts the probe for a conversation: {@link Probe#ask} sends a line and waits for its result. */
    Probe open(String... args) {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The agent's options, minus its class-data archive: it describes the agent's jar, not this one.
        options.agentJavaOpts().stream()
                .filter(o -> !o.startsWith("-XX:SharedArchiveFile") && !o.equals("-XX:+AutoCreateSharedArchive"))
                .forEach(command::add);
        command.addAll(List.of("-cp", options.benchJar().toString(), BrowserProbe.class.getName()));
        command.addAll(List.of(args));
        var pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        try {
            return new Probe(pb.start(), args[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the browser probe", e);
        }
    }

    static final class Probe implements AutoCloseable {
        final Process process;
        final Thread reader;
        final LinkedBlockingQueue<JsonNode> results = new LinkedBlockingQueue<>();
        private final StringBuilder output = new StringBuilder();
        private final Writer in;
        private final String mode;

        Probe(Process process, String mode) {
            this.process = process;
            this.mode = mode;
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            this.reader = DaemonThreads.start("bench-probe-output", this::read);
        }

        private void read() {
            try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("RESULT ")) {
                        results.add(Json.mapper().readTree(line.substring(7)));
                    } else {
                        synchronized (output) {
                            if (output.length() < 4000) {
                                output.append(line).append('\n');
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // the probe ended
            }
        }

        String output() {
            synchronized (output) {
                return output.toString();
            }
        }

        /** The next result, waiting up to {@code timeout}. */
        JsonNode next(Duration timeout) throws InterruptedException {
            var r = results.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new IllegalStateException("browser probe " + mode + " gave no result within " + timeout.toSeconds()
                                                + "s" + (process.isAlive() ? "" : " (exit " + process.exitValue() + ")") + ": " + output());
            }
            return r;
        }

        JsonNode ask(String line, Duration timeout) throws InterruptedException {
            try {
                in.write(line + "\n");
                in.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("the browser probe " + mode + " is gone: " + output(), e);
            }
            return next(timeout);
        }

        @Override
        public void close() {
            try {
                in.close();
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    ProcessTree.members(process.pid()).forEach(ProcessHandle::destroyForcibly);
                }
            } catch (IOException e) {
                // already gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                ProcessTree.members(process.pid()).forEach(ProcessHandle::destroyForcibly);
            }
        }
    }
}
