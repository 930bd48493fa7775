package io.cloudvoter.agent.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.impl.driver.Driver;
import com.microsoft.playwright.impl.driver.jar.DriverJar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Playwright's driver (its Node.js and the playwright-core package, ~135 MB) from the jars the agent
 * bundles. The agent unpacks it into a fresh temporary folder at every start; a node that runs for
 * weeks unpacks it once per Playwright version into its own folder instead, or uses the one named by
 * Playwright's own {@code PLAYWRIGHT_DRIVER_DIR} (tests share one that way). Nothing is downloaded.
 */
public final class DriverCopy {
    private static final Logger LOG = Logger.getLogger(DriverCopy.class.getName());
    private static final String PACKAGE_JSON = "driver/package/package.json";

    private DriverCopy() {
    }

    /** The version of the bundled playwright-core: what the server reports, and what clients must match in major.minor. */
    static String bundledVersion() {
        try (var in = DriverJar.class.getClassLoader().getResourceAsStream(PACKAGE_JSON)) {
            if (in == null) {
                throw new IllegalStateException("Playwright's driver is not on the class path (" + PACKAGE_JSON + ")");
            }
            return new ObjectMapper().readTree(in).path("version").asText("unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PACKAGE_JSON, e);
        }
    }

    /**
     * The command that runs Playwright's CLI: the driver's {@code node} and its {@code cli.js}, from
     * {@code PLAYWRIGHT_DRIVER_DIR} when set, else unpacked into {@code <dir>/driver-VERSION}.
     */
    static List<String> cliCommand(Path dir, Map<String, String> env) {
        var preinstalled = Optional.ofNullable(System.getProperty("playwright.cli.dir"))
                .or(() -> Optional.ofNullable(env.get(Driver.PLAYWRIGHT_DRIVER_DIR)).filter(s -> !s.isBlank()));
        if (preinstalled.isEmpty()) {
            System.setProperty("playwright.cli.dir", unpacked(dir).toString());
        }
        // Playwright's own knowledge of the layout (node binary name, cli.js), not ours.
        return List.copyOf(Driver.ensureDriverInstalled(Map.of(), false).createProcessBuilder().command());
    }

    /** Playwright's driver unpacked into {@code dir/driver-VERSION} (done once; later calls find it there). */
    public static Path unpacked(Path dir) {
        var version = bundledVersion();
        var target = dir.resolve("driver-" + version);
        if (Files.isDirectory(target)) {
            return target;
        }
        var part = dir.resolve("driver-" + version + ".part-" + ProcessHandle.current().pid());
        try {
            long start = System.nanoTime();
            NodeFolder.deleteTree(part);
            DriverJar.installDriverTo(part);
            try {
                Files.move(part, target);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                NodeFolder.deleteTree(part); // another node of this folder was quicker: use its copy
            }
            LOG.info(() -> "Unpacked Playwright's driver " + version + " into " + target + " in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
            removeOthers(dir, target);
            return target;
        } catch (IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot unpack Playwright's driver into " + part + ": " + e.getMessage(), e);
        }
    }

    /** Older versions' copies, and parts left by a node killed while unpacking. */
    private static void removeOthers(Path dir, Path keep) throws IOException {
        try (var entries = Files.list(dir)) {
            for (var old : entries.filter(p -> p.getFileName().toString().startsWith("driver-") && !p.equals(keep)).toList()) {
                var name = old.getFileName().toString();
                int part = name.indexOf(".part-");
                if (part > 0 && name.substring(part + 6).matches("\\d+")
                        && ProcessHandle.of(Long.parseLong(name.substring(part + 6))).isPresent()) {
                    continue; // still being unpacked by a live node
                }
                NodeFolder.deleteTree(old);
                LOG.info(() -> "Removed an older copy of Playwright's driver: " + old);
            }
        }
    }
}
