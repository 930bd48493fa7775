package io.cloudvoter.agent.deploy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/install.sh --browser-node}, as far as it runs without systemd and without touching
 * this machine: the layout under a staging root, the settings it writes, the address checks, and
 * (dry runs, with a stand-in {@code ufw} first on the PATH) the firewall rule it adds or the reason
 * it refuses. shellcheck of the whole script is {@link InstallScriptTest#shellcheckFindsNothing}.
 */
class BrowserNodeInstallTest {
    static final String ACTIVE_DENY = "Status: active\nLogging: on (low)\nDefault: deny (incoming), allow (outgoing), disabled (routed)\n";

    @TempDir
    Path dir;
    Path script;
    Path root;
    Path fakeBin;
    Path ufwLog;

    @BeforeEach
    void checkout() throws Exception {
        script = Tools.checkout(dir.resolve("src"), "playwright.jar");
        root = dir.resolve("root");
        fakeBin = Files.createDirectories(dir.resolve("bin"));
        ufwLog = dir.resolve("ufw.log");
        var ufw = fakeBin.resolve("ufw");
        Files.writeString(ufw, "#!/bin/sh\necho \"ufw $*\" >> \"$UFW_LOG\"\n[ \"$1\" = status ] && printf '%s' \"$UFW_STATUS\"\nexit 0\n");
        Files.setPosixFilePermissions(ufw, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    Tools.Result install(Map<String, String> env, String... args) throws Exception {
        var cmd = new ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(List.of(args));
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("UFW_LOG", ufwLog.toString());
        var p = pb.start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish within 120 s");
        }
        return new Tools.Result(p.exitValue(), out);
    }

    Tools.Result install(String... args) throws Exception {
        return install(Map.of(), args);
    }

    /** A dry run with the stand-in ufw in front of the real one, answering {@code ufwStatus} to {@code ufw status verbose}. */
    Tools.Result dryRunWithUfw(String ufwStatus, String... args) throws Exception {
        var all = new ArrayList<>(List.of("--browser-node", "--dry-run", "--no-build"));
        all.addAll(List.of(args));
        return install(Map.of("PATH", fakeBin + ":" + System.getenv("PATH"), "UFW_STATUS", ufwStatus), all.toArray(String[]::new));
    }

    String settings() throws Exception {
        return Files.readString(root.resolve("etc/cloudvoter/browser-node.env"));
    }

    @Test
    void aStagedInstallLaysOutTheProgramTheNodesSettingsAndItsUnitButNoAgent() throws Exception {
        var r = install("--browser-node", "--root", root.toString(), "--no-build");

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(root.resolve("opt/cloudvoter/current/cloudvoter-agent.jar")).hasContent("jar");
        assertThat(root.resolve("opt/cloudvoter/current/libs/playwright.jar")).hasContent("lib");
        assertThat(root.resolve("etc/systemd/system/cloudvoter-node.service")).hasSameTextualContentAs(Tools.deploy().resolve("cloudvoter-node.service"));
        assertThat(root.resolve("etc/cloudvoter/browser-node.env")).hasSameTextualContentAs(Tools.deploy().resolve("browser-node.env.example"));
        assertThat(root.resolve("var/lib/cloudvoter-node")).isDirectory();
        assertThat(root.resolve("etc/systemd/system/cloudvoter.service")).doesNotExist();
        assertThat(root.resolve("etc/cloudvoter/cloudvoter.env")).doesNotExist();
        assertThat(root.resolve("var/lib/cloudvoter")).doesNotExist();
    }

    @Test
    void addressPortAndAgentFromTheCommandLineGoIntoTheSettingsAndStayOnTheNextRun() throws Exception {
        var r = install("--browser-node", "--root", root.toString(), "--no-build",
                "--bind", "10.0.0.5", "--port", "3100", "--allow-from", "10.0.0.2");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(settings().lines()).contains("CLOUDVOTER_NODE_BIND=10.0.0.5", "CLOUDVOTER_NODE_PORT=3100",
                "CLOUDVOTER_NODE_ALLOW_FROM=10.0.0.2");
        Files.writeString(root.resolve("etc/cloudvoter/browser-node.env"), settings() + "CLOUDVOTER_CHROMIUM=/opt/chrome/chrome\n");

        var again = install("upgrade", "--browser-node", "--root", root.toString(), "--no-build");

        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output()).contains("upgrading the browser node");
        assertThat(settings().lines()).contains("CLOUDVOTER_NODE_BIND=10.0.0.5", "CLOUDVOTER_NODE_PORT=3100",
                "CLOUDVOTER_NODE_ALLOW_FROM=10.0.0.2", "CLOUDVOTER_CHROMIUM=/opt/chrome/chrome");
        assertThat(settings().lines().filter(l -> l.startsWith("CLOUDVOTER_NODE_BIND="))).hasSize(1);
    }

    @Test
    void aNodeOnANetworkAddressNeedsTheAgentsAddress() throws Exception {
        var r = install("--browser-node", "--root", root.toString(), "--no-build", "--bind", "10.0.0.5");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("a browser node on 10.0.0.5 needs --allow-from <agent IP>", "no authentication");
        assertThat(root.resolve("etc/systemd/system/cloudvoter-node.service")).doesNotExist();
    }

    @Test
    void wildcardPublicAndMalformedAddressesAreRefusedWithTheReason() throws Exception {
        assertThat(install("--browser-node", "--root", root.toString(), "--bind", "0.0.0.0", "--allow-from", "10.0.0.2").output())
                .contains("--bind 0.0.0.0 would listen on every network");
        assertThat(install("--browser-node", "--root", root.toString(), "--bind", "203.0.113.9", "--allow-from", "10.0.0.2").output())
                .contains("--bind 203.0.113.9 is not a loopback or private address");
        assertThat(install("--browser-node", "--root", root.toString(), "--bind", "node.example").output())
                .contains("--bind: 'node.example' is not an IP address");
        assertThat(install("--browser-node", "--root", root.toString(), "--bind", "10.0.0.5", "--allow-from", "the-agent").output())
                .contains("--allow-from: 'the-agent' is not an IP address or CIDR range");
        assertThat(install("--browser-node", "--root", root.toString(), "--port", "99999").output())
                .contains("--port: '99999' is not a port number 1..65535");
        assertThat(install("--browser-node", "--root", root.toString(), "--allow-from", "10.0.0.2").output())
                .contains("--allow-from is for a node on a network address");
    }

    @Test
    void nodeOptionsWithoutBrowserNodeAreRefused() throws Exception {
        var r = install("--root", root.toString(), "--bind", "10.0.0.5");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("--bind, --port, --allow-from and --no-ufw are for a browser node: add --browser-node");
    }

    @Test
    void withAnActiveUfwThatDeniesByDefaultItLetsOnlyTheAgentIn() throws Exception {
        var r = dryRunWithUfw(ACTIVE_DENY, "--bind", "10.0.0.5", "--allow-from", "10.0.0.2");

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains(
                "+ ufw allow from 10.0.0.2 to 10.0.0.5 port 3000 proto tcp comment cloudvoter browser node",
                "+ install -m 0644 " + script.getParent().resolve("cloudvoter-node.service") + " /etc/systemd/system/cloudvoter-node.service",
                "+ systemctl enable cloudvoter-node.service",
                "+ systemctl restart cloudvoter-node.service");
        assertThat(Files.readString(ufwLog)).as("only read, never changed, by a dry run").isEqualTo("ufw status verbose\n");
    }

    @Test
    void anInactiveUfwIsRefusedBeforeAnythingIsInstalled() throws Exception {
        var r = dryRunWithUfw("Status: inactive\n", "--bind", "10.0.0.5", "--allow-from", "10.0.0.2");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("ufw is installed but not active", "or pass --no-ufw").doesNotContain("+ apt-get", "+ install ");
    }

    @Test
    void aUfwThatLetsEveryoneInByDefaultIsRefused() throws Exception {
        var r = dryRunWithUfw("Status: active\nDefault: allow (incoming), allow (outgoing), disabled (routed)\n",
                "--bind", "10.0.0.5", "--allow-from", "10.0.0.2");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("ufw lets incoming connections in by default, so port 3000 would be open to everyone");
    }

    @Test
    void noUfwLeavesTheFirewallAloneAndSaysWhatMustBeRestricted() throws Exception {
        var r = dryRunWithUfw("Status: inactive\n", "--bind", "10.0.0.5", "--allow-from", "10.0.0.2", "--no-ufw");

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("--no-ufw: not touching the firewall; make sure only 10.0.0.2 can reach 10.0.0.5 port 3000/tcp")
                .doesNotContain("+ ufw");
        assertThat(ufwLog).doesNotExist();
    }

    @Test
    void aLoopbackNodeNeedsNoFirewall() throws Exception {
        var r = dryRunWithUfw("Status: inactive\n");

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).doesNotContain("+ ufw").contains("+ systemctl restart cloudvoter-node.service");
        assertThat(ufwLog).doesNotExist();
    }

    @Test
    void uninstallKeepsTheSettingsAndTheAgentsProgramAndPurgeRemovesTheNodesFiles() throws Exception {
        assertThat(install("--root", root.toString(), "--no-build").exit()).isZero(); // an agent on the same machine
        assertThat(install("--browser-node", "--root", root.toString(), "--no-build").exit()).isZero();

        var r = install("uninstall", "--browser-node", "--root", root.toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("keeping " + root.resolve("opt/cloudvoter") + ": the agent on this machine runs it");
        assertThat(root.resolve("etc/systemd/system/cloudvoter-node.service")).doesNotExist();
        assertThat(root.resolve("opt/cloudvoter/current/cloudvoter-agent.jar")).exists();
        assertThat(root.resolve("etc/cloudvoter/browser-node.env")).exists();

        var purge = install("uninstall", "--browser-node", "--purge", "--root", root.toString());
        assertThat(purge.exit()).as(purge.output()).isZero();
        assertThat(root.resolve("var/lib/cloudvoter-node")).doesNotExist();
        assertThat(root.resolve("etc/cloudvoter/browser-node.env")).doesNotExist();
        assertThat(root.resolve("etc/cloudvoter/cloudvoter.env")).as("the agent's settings").exists();
        assertThat(root.resolve("etc/systemd/system/cloudvoter.service")).exists();
    }

    @Test
    void uninstallingTheAgentKeepsTheProgramAndSettingsOfANodeOnTheSameMachine() throws Exception {
        assertThat(install("--root", root.toString(), "--no-build").exit()).isZero();
        assertThat(install("--browser-node", "--root", root.toString(), "--no-build").exit()).isZero();

        var r = install("uninstall", "--purge", "--root", root.toString());

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(root.resolve("opt/cloudvoter/current/cloudvoter-agent.jar")).exists();
        assertThat(root.resolve("etc/cloudvoter/browser-node.env")).exists();
        assertThat(root.resolve("etc/cloudvoter/cloudvoter.env")).doesNotExist();
        assertThat(root.resolve("var/lib/cloudvoter")).doesNotExist();
    }
}
