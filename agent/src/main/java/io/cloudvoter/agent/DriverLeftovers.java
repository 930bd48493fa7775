package io.cloudvoter.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.logging.Logger;

/**
 * Playwright unpacks its driver (~200 MB) into a fresh folder once per JVM and deletes it at a
 * clean exit only. An agent killed with -9 leaves its copy behind. The agent process therefore
 * unpacks into {@code <data-dir>/tmp} and removes copies found there at start (the data dir lock
 * guarantees no live agent is using them). A process-wide setting, so {@link Main} makes it.
 */
final class DriverLeftovers {
    private static final Logger LOG = Logger.getLogger(DriverLeftovers.class.getName());

    private DriverLeftovers() {
    }

    private static final String PROPERTY = "playwright.driver.tmpdir";

    /** Process start: Playwright will unpack its driver into {@code dir}. */
    static void useFolder(Path dir) {
        System.setProperty(PROPERTY, dir.toString());
    }

    /** Once the data dir is locked: removes earlier agents' copies, if the driver goes into {@code dir}. */
    static void cleanIfUsed(Path dir) {
        if (!dir.toString().equals(System.getProperty(PROPERTY))) {
            return;
        }
        try {
            Files.createDirectories(dir);
            clean(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot prepare " + dir + " for Playwright's driver: " + io.cloudvoter.agent.files.FileErrors.reason(e), e);
        }
    }

    private static void clean(Path dir) throws IOException {
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
