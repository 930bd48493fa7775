package io.cloudvoter.agent.deploy;

import com.microsoft.playwright.Playwright;
import io.cloudvoter.agent.node.DriverCopy;
import io.cloudvoter.agent.testing.TestSite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The real browser node under every line of {@code deploy/cloudvoter-node.service} but the ones
 * about where it is installed, run by a systemd booted as PID 1 of a private PID and mount namespace
 * (as {@link SystemdLiveTest} does for the agent's sandbox; the network is the machine's, so this
 * test's Playwright connects to it): it becomes ready through {@code Type=notify}, runs a page for a
 * client, is restarted when its Chromium is killed, and a stop counts as a success (exit 143).
 * Needs root, util-linux {@code unshare} and {@code nsenter}, and systemd; skipped with the reason
 * otherwise.
 */
class BrowserNodeSystemdLiveTest {
    /** Lines about this machine's installation, replaced below; everything else of the unit is kept. */
    private static final Set<String> INSTALLATION = Set.of("User", "Group", "EnvironmentFile", "Environment", "WorkingDirectory",
            "ExecStart", "ReadWritePaths", "StateDirectory", "StateDirectoryMode");
    private static final String INSIDE = "/run/cvnode";

    private Process namespace;
    private AutoCloseable systemdLock;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void theNodeServesUnderItsUnitIsRestartedWhenChromiumDiesAndStopsCleanly() throws Exception {
        var systemd = requireRootUnshareAndSystemd();
        var work = Files.createDirectories(Path.of("target", "node-systemd-live-" + System.nanoTime()).toAbsolutePath());
        var driver = DriverCopy.unpacked(Path.of("target", "browser-node-driver").toAbsolutePath());
        int port = freePort();
        var units = Files.createDirectories(work.resolve("units"));
        Files.writeString(units.resolve("cv-node-live.target"), """
                [Unit]
                Description=CloudVoter browser node live test: starts only the node
                DefaultDependencies=no
                Wants=cv-node.service
                """);
        Files.writeString(units.resolve("cv-node.service"), unit(port, Path.of(INSIDE, "driver")));
        var classPath = Files.createDirectories(work.resolve("cp"));
        for (var entry : nodeClassPath()) {
            copy(entry, classPath.resolve(entry.getFileName()));
        }

        // The class path and units are copied while /root (where Maven's jars live) is still visible;
        // ProtectHome hides it from the unit. The driver is bound into the namespace's /run before /tmp
        // is covered, so a checkout under /tmp works too (after the chown: the checkout's files stay root's).
        String boot = "mount -t tmpfs tmpfs /run && mkdir -p /run/systemd/system " + INSIDE + "/node"
                + " && cp '" + units + "'/* /run/systemd/system/ && cp -r '" + classPath + "' " + INSIDE + "/cp"
                + " && chown -R nobody " + INSIDE + " && chmod a+rx '" + driver.resolve("node") + "'"
                + " && mkdir " + INSIDE + "/driver && mount --bind '" + driver + "' " + INSIDE + "/driver"
                + " && mount -t tmpfs tmpfs /tmp"
                + " && exec " + systemd + " --system --unit=cv-node-live.target";
        systemdLock = Tools.systemdNamespace(Duration.ofMinutes(3));
        namespace = new ProcessBuilder("unshare", "--fork", "--pid", "--mount", "--mount-proc", "--propagation", "private",
                "/bin/sh", "-c", boot).redirectErrorStream(true).redirectOutput(work.resolve("systemd.log").toFile()).start();
        long init = initPid(Duration.ofSeconds(10));
        var endpointFile = Path.of("/proc", Long.toString(init), "root", INSIDE.substring(1), "node", "endpoint");

        var nodeLog = endpointFile.getParent().resolveSibling("node.log");
        await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(endpointFile) || !namespace.isAlive()
                || show(init, "NRestarts").matches("[1-9]\\d*"));
        if (!namespace.isAlive()) {
            abort("systemd did not run in a private namespace here; its output:\n" + tail(work.resolve("systemd.log")));
        }
        assertThat(endpointFile).as("the node became ready under its unit; unit status:\n%s\nnode log:\n%s",
                systemctl(init, "status", "--no-pager", "-n", "30", "cv-node.service"), tail(nodeLog)).exists();
        await().atMost(Duration.ofSeconds(30)).until(() -> show(init, "ActiveState").equals("active"));
        var endpoint = Files.readString(endpointFile).strip();
        assertThat(endpoint).startsWith("ws://127.0.0.1:" + port + "/");

        try (var site = new TestSite().html("/vote", "<p id=m>under systemd</p>");
             var playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            assertThat(pageText(playwright, endpoint, site, nodeLog)).isEqualTo("under systemd");

            // Seen from here, not from inside: the namespace's PIDs are its own.
            namespace.descendants()
                    .filter(p -> cmdline(p).contains("--remote-debugging-pipe") && !cmdline(p).startsWith("/bin/sh"))
                    .findFirst().orElseThrow().destroyForcibly();

            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> show(init, "NRestarts").equals("1") && show(init, "ActiveState").equals("active"));
            assertThat(Files.readString(endpointFile).strip()).as("the same endpoint after the restart").isEqualTo(endpoint);
            assertThat(pageText(playwright, endpoint, site, nodeLog)).isEqualTo("under systemd");
        }

        systemctl(init, "stop", "cv-node.service");
        assertThat(show(init, "ActiveState")).isEqualTo("inactive");
        assertThat(show(init, "Result")).as("exit 143 after SIGTERM is a clean stop").isEqualTo("success");
        System.out.println("The browser node ran, restarted and stopped under its unit's hardening (" + systemd + ")");
    }

    @AfterEach
    void stopNamespace() throws Exception {
        if (namespace != null) {
            Tools.endNamespace(namespace);
        }
        if (systemdLock != null) {
            systemdLock.close();
        }
    }

    private static String pageText(Playwright playwright, String endpoint, TestSite site, Path nodeLog) throws IOException {
        try {
            var browser = playwright.chromium().connect(endpoint);
            try {
                var page = browser.newContext().newPage();
                page.navigate(site.url("/vote"));
                return page.textContent("#m");
            } finally {
                browser.close();
            }
        } catch (com.microsoft.playwright.PlaywrightException e) {
            throw new AssertionError("a page through the node under its unit failed: " + e.getMessage().lines().findFirst().orElse("")
                    + "\nnode log:\n" + tail(nodeLog), e);
        }
    }

    /** The node's unit with this machine's installation lines replaced by the test's own. */
    private static String unit(int port, Path driver) throws IOException {
        var s = new StringBuilder();
        for (var line : Files.readAllLines(BrowserNodeUnitTest.UNIT)) {
            var t = line.strip();
            boolean installation = t.contains("=") && !t.startsWith("#") && INSTALLATION.contains(t.substring(0, t.indexOf('=')));
            if (t.equals("[Install]")) {
                break;
            }
            if (!installation) {
                s.append(line).append('\n');
            }
            if (t.equals("[Service]")) {
                s.append("User=nobody\n")
                        .append("Environment=HOME=").append(INSIDE).append(" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PLAYWRIGHT_DRIVER_DIR=")
                        .append(driver).append('\n')
                        .append("ReadWritePaths=").append(INSIDE).append('\n')
                        .append("StandardOutput=append:").append(INSIDE).append("/node.log\nStandardError=inherit\n")
                        .append("ExecStart=").append(Path.of(System.getProperty("java.home"), "bin", "java"))
                        .append(" -XX:+UseSerialGC -Xmx48m -cp ").append(INSIDE).append("/cp/classes:").append(INSIDE).append("/cp/*")
                        .append(" io.cloudvoter.agent.node.NodeMain --port ").append(port).append(" --dir ").append(INSIDE).append("/node\n");
            }
        }
        return s.toString();
    }

    /**
     * What NodeMain needs: the agent's classes, the shared model's (its owner-only file writer), Playwright's
     * driver jar (not the 200 MB bundle: the driver is unpacked) and Jackson.
     */
    private static List<Path> nodeClassPath() {
        var entries = new ArrayList<Path>();
        for (var entry : System.getProperty("java.class.path").split(":")) {
            var p = Path.of(entry);
            var name = p.getFileName().toString();
            if (p.endsWith(Path.of("agent", "target", "classes")) || p.endsWith(Path.of("shared-model", "target", "classes"))
                    || name.matches("(shared-model|driver|jackson-(databind|core|annotations))-\\d.*\\.jar")) {
                entries.add(p);
            }
        }
        return entries;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var tree = Files.walk(from)) {
            for (var p : tree.toList()) {
                var target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static String requireRootUnshareAndSystemd() throws Exception {
        if (!Tools.run(List.of("id", "-u")).output().strip().equals("0")) {
            abort("needs root to boot systemd in a private namespace");
        }
        if (!Tools.onPath("unshare") || !Tools.onPath("nsenter")) {
            abort("util-linux unshare and nsenter are not installed here");
        }
        for (var candidate : List.of("/lib/systemd/systemd", "/usr/lib/systemd/systemd")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        abort("systemd is not installed here (apt-get install -y systemd)");
        return null;
    }

    private long initPid(Duration atMost) {
        return await().atMost(atMost).until(() -> namespace.children().findFirst().map(ProcessHandle::pid).orElse(0L), pid -> pid > 0);
    }

    private static String systemctl(long init, String... args) throws Exception {
        var cmd = new ArrayList<>(List.of("nsenter", "--target", Long.toString(init), "--mount", "--pid", "systemctl"));
        cmd.addAll(List.of(args));
        return Tools.run(cmd).output();
    }

    private static String show(long init, String property) throws Exception {
        return systemctl(init, "show", "-p", property, "--value", "cv-node.service").strip();
    }

    private static String cmdline(ProcessHandle p) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline"))).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path file) throws IOException {
        var lines = Files.exists(file) ? Files.readAllLines(file) : List.<String>of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
