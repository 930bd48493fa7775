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

    public static AgentConfig config(Path dataDir, Map<String, String> extraEnv) {
        PlaywrightDriver.pin(); // agents probe the browser at start; see PlaywrightDriver
        var env = new HashMap<String, String>();
        env.put("CLOUDVOTER_DATA_DIR", dataDir.toString());
        env.put("CLOUDVOTER_PORT", "0");
        env.put("CLOUDVOTER_TOKEN", TOKEN);
        env.putAll(extraEnv);
        return ConfigLoader.load(null, env);
    }

    /** An agent with monitoring stopped, so runs happen only when a test asks for them. */
    public static Agent startQuiet(Path dataDir, Map<String, String> flows) {
        try {
            Files.createDirectories(dataDir.resolve("flows"));
            Files.writeString(dataDir.resolve("monitoring-stopped"), "test\n");
            for (var f : flows.entrySet()) {
                Files.writeString(dataDir.resolve("flows").resolve(f.getKey()), f.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Agent.start(config(dataDir, Map.of()));
    }
}
