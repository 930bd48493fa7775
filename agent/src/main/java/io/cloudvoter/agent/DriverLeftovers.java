package io.cloudvoter.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.logging.Logger;

/**
 * Playwright unpacks its driver (~200 MB) into a fresh folder at every start and deletes it at a
 * clean exit only. An agent killed with -9 leaves its copy behind; we remove those at start (the
 * data dir lock guarantees no live agent is using them).
 */
final class DriverLeftovers {
    private static final Logger LOG = Logger.getLogger(DriverLeftovers.class.getName());

    private DriverLeftovers() {
    }

    static void clean(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            for (var d : entries.filter(p -> p.getFileName().toString().startsWith("playwright-java-")).toList()) {
                try (var tree = Files.walk(d)) {
                    tree.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
                LOG.info(() -> "Removed a Playwright driver left by an earlier agent: " + d);
            }
        }
    }
}
