package io.cloudvoter.agent.testing;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.config.AgentConfig;
import io.cloudvoter.agent.config.ConfigLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Starts real agents for tests: a temp data dir, a free port, a known token, Debian's Chromium. */
public final class TestAgents {
    public static final String TOKEN = "test-token-0123456789abcdef";

    private TestAgents() {
    }

    /**
     * The resource guard as tests need it: the agent-tree PSS and CPU thresholds are off, because
     * here "the agent" is the whole test JVM and the CPU is shared with parallel builds; the memory
     * thresholds stay (this machine has plenty).
     */
    public static final String QUIET_GUARD = """
            cloudvoter:
              guard:
                agent-pss: { soft: off, hard: off, critical: off }
                cpu: { soft: off, hard: off, critical: off }
            """;

    public static AgentConfig config(Path dataDir, Map<String, String> extraEnv) {
        return config(dataDir, extraEnv, QUIET_GUARD);
    }

    /** A config read from {@code yaml} (written next to the data dir) and the usual test environment. */
    public static AgentConfig config(Path dataDir, Map<String, String> extraEnv, String yaml) {
        var env = new HashMap<String, String>();
        env.put("CLOUDVOTER_DATA_DIR", dataDir.toString());
        env.put("CLOUDVOTER_PORT", "0");
        env.put("CLOUDVOTER_TOKEN", TOKEN);
        env.putAll(extraEnv);
        try {
            var file = dataDir.resolveSibling(dataDir.getFileName() + "-agent.yaml");
            Files.createDirectories(dataDir.getParent());
            Files.writeString(file, yaml);
            return ConfigLoader.load(file, env);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An agent with monitoring stopped, so runs happen only when a test asks for them. */
    public static Agent startQuiet(Path dataDir, Map<String, String> flows) {
        return startQuiet(dataDir, flows, "");
    }

    /**
     * As {@link #startQuiet(Path, Map)}, with {@code more} added under {@code cloudvoter:} of the
     * quiet guard's config (indented by two spaces, e.g. {@code "  browser:\n    workers: 1\n"}).
     */
    public static Agent startQuiet(Path dataDir, Map<String, String> flows, String more) {
        return startStopped(dataDir, flows, QUIET_GUARD + more);
    }

    /**
     * As {@link #startQuiet(Path, Map, String)}, the guard sampling (and the browsers' liveness checked)
     * every {@code sampleInterval} instead of every 5 s: for tests that wait for a lost browser to be seen.
     */
    public static Agent startQuiet(Path dataDir, Map<String, String> flows, String more, java.time.Duration sampleInterval) {
        return startStopped(dataDir, flows, QUIET_GUARD.replace("  guard:\n",
                "  guard:\n    sample-interval: " + sampleInterval.toMillis() + "ms\n") + more);
    }

    /**
     * As {@link #startQuiet(Path, Map)}, without the browser health probe ({@link Agent#startWithoutBrowserProbe}):
     * for tests of the web layer and the stream that never ask for readiness. A run still launches Chromium.
     */
    public static Agent startQuietWebOnly(Path dataDir, Map<String, String> flows) {
        writeStopped(dataDir, flows);
        return Agent.startWithoutBrowserProbe(config(dataDir, Map.of(), QUIET_GUARD));
    }

    private static Agent startStopped(Path dataDir, Map<String, String> flows, String yaml) {
        writeStopped(dataDir, flows);
        return Agent.start(config(dataDir, Map.of(), yaml));
    }

    private static void writeStopped(Path dataDir, Map<String, String> flows) {
        try {
            Files.createDirectories(dataDir.resolve("flows"));
            Files.writeString(dataDir.resolve("monitoring-stopped"), "test\n");
            for (var f : flows.entrySet()) {
                Files.writeString(dataDir.resolve("flows").resolve(f.getKey()), f.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
