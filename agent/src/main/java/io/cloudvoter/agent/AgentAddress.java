package io.cloudvoter.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * {@code agent.url} in the data dir: where the running agent answers, so that commands on the same
 * machine ({@code ./cloudvoter token rotate}) can reach it without knowing its config. Written at
 * start, removed at a clean stop; a killed agent leaves it, which is harmless because the data dir
 * lock tells whether an agent runs.
 */
final class AgentAddress {
    private static final Logger LOG = Logger.getLogger(AgentAddress.class.getName());
    static final String FILE = "agent.url";

    private AgentAddress() {
    }

    static void write(Path dataDir, String url) {
        try {
            Files.writeString(dataDir.resolve(FILE), url + "\n");
        } catch (IOException e) {
            LOG.warning("cannot write " + dataDir.resolve(FILE) + " (./cloudvoter token rotate will not find the agent): " + e);
        }
    }

    static Optional<String> read(Path dataDir) {
        try {
            var file = dataDir.resolve(FILE);
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file).strip()).filter(s -> !s.isEmpty()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static void delete(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(FILE));
        } catch (IOException e) {
            // the next start overwrites it
        }
    }
}
