package io.cloudvoter.desktop.testing;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.config.ConfigLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the real agent (module {@code agent}, test scope) for the desktop's end-to-end tests: a data
 * dir of the test's, Debian's Chromium, monitoring stopped so that only the runs a test asks for happen.
 * The agent generates its token into the data dir as in production (so it can be rotated), and a new
 * agent on the same data dir keeps it; {@code agent.tokens().reveal()} tells it. The agent's test fixtures ({@code io.cloudvoter.agent.testing}: a browser node, a
 * test site) are on this module's test class path; its other test helpers are not, and this is the little of
 * them the desktop needs.
 */
public final class RealAgents {
    /**
     * The resource guard quiet where the test JVM would trip it: here "the agent" is the whole test JVM
     * (JavaFX included) and the CPU is shared with parallel builds. The memory thresholds stay.
     */
    public static final String QUIET_GUARD = """
            cloudvoter:
              guard:
                agent-pss: { soft: off, hard: off, critical: off }
                cpu: { soft: off, hard: off, critical: off }
            """;

    private RealAgents() {
    }

    /**
     * An agent on {@code bind}:{@code port} (0: a free one) serving {@code dataDir}, with {@code flows} (file name →
     * content) written into its flows folder and {@code yaml} appended to the test config (indented
     * under {@code cloudvoter:}, e.g. {@code "  supervised: true\n"}).
     */
    public static Agent start(Path dataDir, String bind, int port, Map<String, String> flows, String yaml) {
        try {
            Files.createDirectories(dataDir.resolve("flows"));
            Files.writeString(dataDir.resolve("monitoring-stopped"), "test\n");
            for (var f : flows.entrySet()) {
                Files.writeString(dataDir.resolve("flows").resolve(f.getKey()), f.getValue());
            }
            var config = dataDir.resolveSibling(dataDir.getFileName() + "-agent.yaml");
            Files.writeString(config, QUIET_GUARD + yaml);
            var env = new HashMap<String, String>();
            env.put("CLOUDVOTER_DATA_DIR", dataDir.toString());
            env.put("CLOUDVOTER_PORT", Integer.toString(port));
            env.put("CLOUDVOTER_BIND", bind);
            return Agent.start(ConfigLoader.load(config, env));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
