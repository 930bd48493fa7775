package io.cloudvoter.agent.testing;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.config.ConfigLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Agents for the live-status tests: like {@link TestAgents}, plus a config file (so a test can set
 * the stream, health, auth or TLS sections) and optionally no fixed token (to rotate it).
 */
public final class LiveAgents {
    private LiveAgents() {
    }

    /**
     * @param yaml     lines under {@code cloudvoter:} (already indented by two spaces), or empty
     * @param env      extra environment; {@code CLOUDVOTER_TOKEN} is the test token unless this map sets it to ""
     */
    public static Agent start(Path dataDir, String yaml, Map<String, String> flows, Map<String, String> env) {
        return start(dataDir, yaml, flows, env, true);
    }

    /**
     * As {@link #start(Path, String, Map, Map)}, without the browser health probe ({@link Agent#startWithoutBrowserProbe}):
     * for tests of the web layer and the stream that never ask for readiness. A run still launches Chromium.
     */
    public static Agent startWebOnly(Path dataDir, String yaml, Map<String, String> flows, Map<String, String> env) {
        return start(dataDir, yaml, flows, env, false);
    }

    private static Agent start(Path dataDir, String yaml, Map<String, String> flows, Map<String, String> env, boolean probe) {
        try {
            Files.createDirectories(dataDir.resolve("flows"));
            Files.writeString(dataDir.resolve("monitoring-stopped"), "test\n");
            for (var f : flows.entrySet()) {
                Files.writeString(dataDir.resolve("flows").resolve(f.getKey()), f.getValue());
            }
            var file = dataDir.resolve("test-agent.yaml");
            // The guard quiet as in TestAgents (the "agent tree" here is the whole test JVM), unless the test sets it.
            String guard = yaml.contains("  guard:") ? "" : TestAgents.QUIET_GUARD.substring(TestAgents.QUIET_GUARD.indexOf('\n') + 1);
            Files.writeString(file, "cloudvoter:\n" + guard + yaml);
            var all = new HashMap<String, String>();
            all.put("CLOUDVOTER_DATA_DIR", dataDir.toString());
            all.put("CLOUDVOTER_PORT", "0");
            all.put("CLOUDVOTER_TOKEN", TestAgents.TOKEN);
            all.putAll(env);
            all.values().removeIf(String::isEmpty);
            var config = ConfigLoader.load(file, all);
            return probe ? Agent.start(config) : Agent.startWithoutBrowserProbe(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
