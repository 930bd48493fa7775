package io.cloudvoter.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real agent, started the way the launcher starts it ({@code java <opts> -jar cloudvoter-agent.jar
 * --demo} with {@code CLOUDVOTER_PORT} and {@code CLOUDVOTER_DATA_DIR}), in a fresh data dir, with
 * its own token. Stopped with SIGTERM like systemd would.
 */
public final class AgentProcess implements AutoCloseable {
    /** Every agent started and not yet closed: stopped by a shutdown hook if the bench ends early (Ctrl-C, a bug). */
    private static final java.util.Set<AgentProcess> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(LIVE).forEach(AgentProcess::close), "bench-agents"));
    }

    private final Process process;
    private final Instant startedAt;
    private final long startedNanos;
    private final AgentApi api;
    private final Path dataDir;
    private long readyNanos = -1;

    private AgentProcess(Process process, Instant startedAt, long startedNanos, AgentApi api, Path dataDir) {
        this.process = process;
        this.startedAt = startedAt;
        this.startedNanos = startedNanos;
        this.api = api;
        this.dataDir = dataDir;
    }

    /**
     * @param config YAML written to the data dir and passed as {@code CLOUDVOTER_CONFIG}; null for none
     * @param env    more environment variables (e.g. {@code CLOUDVOTER_MAX_CONCURRENT_RUNS})
     */
    public static AgentProcess start(BenchOptions options, int port, String config, Map<String, String> env) {
        try {
            var dataDir = Files.createTempDirectory(options.workDir(), "agent-");
            var token = HexFormat.of().formatHex(randomBytes());
            var command = new ArrayList<String>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(options.agentJavaOpts());
            command.addAll(List.of("-jar", options.agentJar().toString(), "--demo"));
            var pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dataDir.resolve("agent.log").toFile());
            var e = pb.environment();
            e.keySet().removeIf(k -> k.startsWith("CLOUDVOTER_"));
            e.put("CLOUDVOTER_PORT", Integer.toString(port));
            e.put("CLOUDVOTER_DATA_DIR", dataDir.toString());
            e.put("CLOUDVOTER_TOKEN", token);
            e.put("CLOUDVOTER_BIND", "127.0.0.1");
            e.put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
            if (config != null) {
                var file = dataDir.resolve("bench.yaml");
                Files.writeString(file, config);
                e.put("CLOUDVOTER_CONFIG", file.toString());
            }
            e.putAll(env);
            var wall = Instant.now();
            long nanos = System.nanoTime();
            var process = pb.start();
            var agent = new AgentProcess(process, wall, nanos, new AgentApi("http://127.0.0.1:" + port, token), dataDir);
            LIVE.add(agent);
            return agent;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the agent", e);
        }
    }

    private static byte[] randomBytes() {
        var b = new byte[24];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    /** Waits until {@code /api/health} answers 200; returns ms from process start. */
    public long awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the agent exited with " + process.exitValue() + "; see " + log());
            }
            if (api.health() == 200) {
                readyNanos = System.nanoTime();
                return TimeUnit.NANOSECONDS.toMillis(readyNanos - startedNanos);
            }
            pause(5);
        }
        throw new IllegalStateException("the agent was not ready within " + timeout.toSeconds() + "s; see " + log());
    }

    public AgentApi api() {
        return api;
    }

    public long pid() {
        return process.pid();
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Path log() {
        return dataDir.resolve("agent.log");
    }

    /** The agent's flows folder (the default one, under its data dir). */
    public Path flowsDir() {
        return dataDir.resolve("flows");
    }

    public double pssMb() {
        return ProcessTree.pssMb(process.pid());
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** SIGTERM, as systemd stops it; whatever is left after 30 s is killed. */
    @Override
    public void close() {
        LIVE.remove(this);
        var tree = ProcessTree.members(process.pid());
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
