package io.cloudvoter.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real agent process: {@code io.cloudvoter.agent.Main} in a child JVM on the test's class path,
 * so a test can kill it with -9 or send it SIGTERM. Its output goes to a file next to its data dir.
 */
public final class ChildAgent implements AutoCloseable {
    public final Process process;
    public final Api api;
    public final Path log;
    public final String baseUrl;

    private ChildAgent(Process process, String baseUrl, Path log) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.api = new Api(baseUrl, TestAgents.TOKEN);
        this.log = log;
    }

    /** Starts an agent on {@code dataDir} with {@code yaml} as its config file and waits until it answers. */
    public static ChildAgent start(Path dataDir, String yaml) {
        return start(dataDir, yaml, Map.of());
    }

    /** Like {@link #start(Path, String)}, with more environment variables for the child. */
    public static ChildAgent start(Path dataDir, String yaml, Map<String, String> env) {
        try {
            Files.createDirectories(dataDir);
            var config = dataDir.resolveSibling(dataDir.getFileName() + "-child.yaml");
            Files.writeString(config, yaml);
            int port;
            try (var s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            var log = dataDir.resolveSibling(dataDir.getFileName() + "-child-" + System.nanoTime() + ".log");
            var pb = new ProcessBuilder(ChildJvm.command("io.cloudvoter.agent.Main")).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(Map.of(
                    "CLOUDVOTER_DATA_DIR", dataDir.toString(),
                    "CLOUDVOTER_PORT", Integer.toString(port),
                    "CLOUDVOTER_TOKEN", TestAgents.TOKEN,
                    "CLOUDVOTER_CONFIG", config.toString(),
                    "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"));
            pb.environment().remove("NOTIFY_SOCKET");
            pb.environment().putAll(env);
            var child = new ChildAgent(pb.start(), "http://127.0.0.1:" + port, log);
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                    .until(() -> {
                        if (!child.process.isAlive()) {
                            throw new AssertionError("the child agent exited with " + child.process.exitValue() + ":\n" + child.output());
                        }
                        return child.api.get("/api/health").status() == 200;
                    });
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** The agent's own processes and everything under them (driver, Chromium). */
    public List<ProcessHandle> tree() {
        var all = new ArrayList<ProcessHandle>();
        all.add(process.toHandle());
        process.toHandle().descendants().forEach(all::add);
        return all;
    }

    @Override
    public void close() {
        var left = tree();
        left.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
