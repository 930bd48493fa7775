package io.cloudvoter.agent.deploy;

import io.cloudvoter.agent.browser.BrowserSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The unit's hardening against the real programs, under a real systemd: Chromium and the JVM are
 * started with every sandboxing line of {@code deploy/cloudvoter.service}, once with them and once
 * with none, by a systemd booted as PID 1 of a private PID and mount namespace (its own tmpfs
 * {@code /tmp} and {@code /run}, a target that starts nothing but these two units, so nothing of the
 * machine is touched). Found this way: {@code SystemCallFilter=~@privileged} refused Chromium's
 * {@code capset} and Chromium exited ("GPU process isn't usable"), which {@code systemd-analyze}
 * cannot see. Needs root, util-linux {@code unshare} and systemd's binary; skipped with the reason
 * otherwise, or when Chromium does not run under this machine's systemd even without hardening.
 */
class SystemdLiveTest {
    private static final String DONE = "CLOUDVOTER-LIVE-DONE";
    private static final String PAGE_TEXT = "hello-chromium";
    /** Lines of the real unit that are about running the agent, not about its sandbox: replaced below. */
    private static final Set<String> NOT_SANDBOX = Set.of("Type", "NotifyAccess", "WatchdogSec", "TimeoutStartSec",
            "TimeoutStopSec", "User", "Group", "EnvironmentFile", "Environment", "WorkingDirectory", "ExecStart",
            "Restart", "RestartForceExitStatus", "RestartPreventExitStatus", "RestartSec", "RestartSteps",
            "RestartMaxDelaySec", "ReadWritePaths", "StateDirectory", "StateDirectoryMode");

    private Process namespace;
    private AutoCloseable systemdLock;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void chromiumAndTheJvmRunUnderTheUnitsHardening() throws Exception {
        var systemd = preconditions();
        var chromium = BrowserSettings.locate(Optional.empty()).orElseThrow();
        var dir = Path.of("target", "systemd-live-" + System.nanoTime()).toAbsolutePath();
        var units = Files.createDirectories(dir.resolve("units"));
        // Where the units write, inside the namespace: its own /run (the checkout may be under /tmp,
        // which the namespace covers with a tmpfs). Read from here through /proc/<its PID 1>/root.
        var plainInside = Path.of("/run/cvtest/plain.out");
        var hardenedInside = Path.of("/run/cvtest/hardened.out");
        Files.writeString(units.resolve("cloudvoter-live-test.target"), """
                [Unit]
                Description=CloudVoter live unit test: starts only the two test services
                DefaultDependencies=no
                Wants=cv-plain.service cv-hardened.service
                """);
        Files.writeString(units.resolve("cv-plain.service"), service(List.of("PrivateTmp=yes"), plainInside, chromium, null));
        var java = Path.of(System.getProperty("java.home"), "bin", "java");
        boolean javaReachable = !java.startsWith("/root") && !java.startsWith("/home"); // ProtectHome=yes hides those
        Files.writeString(units.resolve("cv-hardened.service"), service(sandboxLines(), hardenedInside, chromium, javaReachable ? java : null));

        // The units are copied before /tmp is covered, so a checkout under /tmp works too.
        String boot = "mount -t tmpfs tmpfs /run && mkdir -p /run/systemd/system /run/cvtest"
                + " && cp '" + units + "'/* /run/systemd/system/ && mount -t tmpfs tmpfs /tmp"
                + " && exec " + systemd + " --system --unit=cloudvoter-live-test.target";
        systemdLock = Tools.systemdNamespace(Duration.ofMinutes(3));
        namespace = new ProcessBuilder("unshare", "--fork", "--pid", "--mount", "--mount-proc", "--propagation", "private",
                "/bin/sh", "-c", boot)
                .redirectErrorStream(true).redirectOutput(dir.resolve("systemd.log").toFile()).start();
        var root = namespaceRoot(Duration.ofSeconds(10));
        var plain = root.resolve(plainInside.toString().substring(1));
        var hardened = root.resolve(hardenedInside.toString().substring(1));

        awaitDone(plain, Duration.ofSeconds(90));
        if (done(plain)) {
            // the two units start together, but only the hardened one also starts a JVM: on a loaded machine
            // (the suite's other forks) that alone has taken more than 20 s
            awaitDone(hardened, Duration.ofSeconds(60));
        }
        String plainOut = read(plain);
        String hardenedOut = read(hardened);
        String log = read(dir.resolve("systemd.log"));
        if (!plainOut.contains(DONE)) {
            abort("systemd did not run the test units in a private namespace here; its output:\n" + tail(log));
        }
        if (!plainOut.contains(PAGE_TEXT)) {
            abort("Chromium does not run under this machine's systemd even without hardening:\n" + tail(plainOut));
        }
        if (hardenedOut.isEmpty()) {
            // Nothing of it ran: systemd could not set up the sandbox itself in this container (a
            // machine matter, not the unit's), unlike a program failing inside it, which is caught below.
            abort("systemd could not start the hardened unit here at all; its output:\n" + tail(log));
        }
        assertThat(hardenedOut).as("the hardened unit finished:\n%s\nsystemd:\n%s", hardenedOut, tail(log)).contains(DONE);
        assertThat(hardenedOut).as("Chromium under the unit's hardening:\n%s", hardenedOut).contains(PAGE_TEXT);
        if (javaReachable) {
            assertThat(hardenedOut).as("the JVM under the unit's hardening:\n%s", hardenedOut).contains("JVM-OK");
        }
        System.out.println("Chromium" + (javaReachable ? " and the JVM" : "") + " ran under the unit's hardening (systemd "
                + firstLine(Tools.run(List.of(systemd, "--version")).output()) + ")");
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

    /** Root, unshare and systemd's binary; the reason to skip otherwise. */
    private static String preconditions() throws Exception {
        if (!System.getProperty("os.name").toLowerCase().contains("linux")) {
            abort("not Linux");
        }
        var id = Tools.run(List.of("id", "-u"));
        if (!id.output().trim().equals("0")) {
            abort("needs root to boot systemd in a private namespace (uid " + id.output().trim() + ")");
        }
        if (!Tools.onPath("unshare")) {
            abort("util-linux unshare is not installed here");
        }
        for (var candidate : List.of("/lib/systemd/systemd", "/usr/lib/systemd/systemd")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        abort("systemd is not installed here (apt-get install -y systemd)");
        return null;
    }

    /** The [Service] lines of the real unit that make its sandbox: everything but how the agent is run. */
    static List<String> sandboxLines() throws IOException {
        var lines = new ArrayList<String>();
        boolean service = false;
        for (var line : Files.readAllLines(SystemdUnitTest.UNIT)) {
            var t = line.strip();
            if (t.startsWith("[")) {
                service = t.equals("[Service]");
                continue;
            }
            if (!service || t.isEmpty() || t.startsWith("#") || !t.contains("=")) {
                continue;
            }
            if (!NOT_SANDBOX.contains(t.substring(0, t.indexOf('=')))) {
                lines.add(t);
            }
        }
        return lines;
    }

    /** A oneshot unit as nobody: Chromium prints a page's DOM, the JVM (when given) its version, then the done mark. */
    private static String service(List<String> sandbox, Path out, Path chromium, Path java) {
        var s = new StringBuilder("""
                [Unit]
                DefaultDependencies=no
                [Service]
                Type=oneshot
                User=nobody
                Environment=HOME=/tmp
                """);
        sandbox.forEach(l -> s.append(l).append('\n'));
        s.append("StandardOutput=append:").append(out).append('\n');
        s.append("StandardError=inherit\n");
        s.append("ExecStart=-/bin/sh -c 'exec ").append(chromium)
                .append(" --no-sandbox --dump-dom \"data:text/html,<p>").append(PAGE_TEXT).append("</p>\"'\n");
        if (java != null) {
            s.append("ExecStart=-/bin/sh -c '").append(java)
                    .append(" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -version && echo JVM-OK'\n");
        }
        s.append("ExecStart=/bin/echo ").append(DONE).append('\n');
        return s.toString();
    }

    /** The namespace's file system as its PID 1 (systemd, the child of unshare) sees it; unshare's own when it has none. */
    private Path namespaceRoot(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (namespace.isAlive() && System.nanoTime() < deadline) {
            var init = namespace.children().findFirst();
            if (init.isPresent()) {
                return Path.of("/proc", Long.toString(init.get().pid()), "root");
            }
            Thread.sleep(50);
        }
        return Path.of("/proc", Long.toString(namespace.pid()), "root");
    }

    private void awaitDone(Path out, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!done(out) && namespace.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    private static boolean done(Path out) {
        return read(out).contains(DONE);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(String text) {
        var lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("").strip();
    }
}
