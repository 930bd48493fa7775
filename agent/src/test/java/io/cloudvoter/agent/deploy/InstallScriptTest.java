package io.cloudvoter.agent.deploy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * deploy/install.sh, as far as it runs without systemd and without touching this machine: its
 * syntax, shellcheck where installed, a dry run, and the file layout it lays out under a staging
 * root (install, again, upgrade, uninstall, purge).
 */
class InstallScriptTest {
    @TempDir
    Path dir;
    Path script;
    Path root;

    @BeforeEach
    void checkout() throws Exception {
        script = Tools.checkout(dir.resolve("src"), "helidon.jar");
        root = dir.resolve("root");
    }

    Tools.Result install(String... args) throws Exception {
        var cmd = new java.util.ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(List.of(args));
        return Tools.run(cmd);
    }

    @Test
    void theScriptIsValidBash() throws Exception {
        var r = Tools.run(List.of("bash", "-n", Tools.deploy().resolve("install.sh").toString()));
        assertThat(r.exit()).as(r.output()).isZero();
    }

    @Test
    void shellcheckFindsNothing() throws Exception {
        boolean present = Tools.onPath("shellcheck");
        if (!present) {
            System.out.println("SKIPPED: shellcheck is not installed here (apt-get install -y shellcheck)");
        }
        assumeTrue(present, "shellcheck is not installed here");
        var r = Tools.run(List.of("shellcheck", Tools.deploy().resolve("install.sh").toString()));
        assertThat(r.output()).isEmpty();
        assertThat(r.exit()).isZero();
    }

    @Test
    void aStagedInstallLaysOutProgramDataSettingsAndUnit() throws Exception {
        var r = install("--root", root.toString(), "--no-build");

        assertThat(r.exit()).as(r.output()).isZero();
        var current = root.resolve("opt/cloudvoter/current");
        assertThat(Files.isSymbolicLink(current)).isTrue();
        assertThat(current.resolve("cloudvoter-agent.jar")).hasContent("jar");
        assertThat(current.resolve("libs/helidon.jar")).hasContent("lib");
        assertThat(root.resolve("etc/systemd/system/cloudvoter.service")).hasSameTextualContentAs(Tools.deploy().resolve("cloudvoter.service"));
        assertThat(root.resolve("etc/cloudvoter/cloudvoter.env")).hasSameTextualContentAs(Tools.deploy().resolve("cloudvoter.env.example"));
        assertThat(root.resolve("etc/cloudvoter/agent.yaml")).exists();
        assertThat(root.resolve("var/lib/cloudvoter/flows")).isDirectory();
        assertThat(root.resolve("opt/cloudvoter/README.md")).hasSameTextualContentAs(Tools.deploy().resolve("README.md"));
        assertThat(root.resolve("opt/cloudvoter/docs/operations.md"))
                .hasSameTextualContentAs(Tools.deploy().resolveSibling("docs").resolve("operations.md"));
    }

    /** What {@code systemctl help cloudvoter} opens: every Documentation= file of both units is installed. */
    @Test
    void theUnitsDocumentationIsInstalled() throws Exception {
        assertThat(install("--root", root.toString(), "--no-build").exit()).isZero();

        var documented = new java.util.ArrayList<String>();
        for (var unit : List.of("cloudvoter.service", "cloudvoter-node.service")) {
            for (var line : Files.readAllLines(Tools.deploy().resolve(unit))) {
                if (line.startsWith("Documentation=")) {
                    documented.addAll(List.of(line.substring("Documentation=".length()).trim().split("\\s+")));
                }
            }
        }
        assertThat(documented).as("Documentation= lines").hasSizeGreaterThanOrEqualTo(4);
        for (var uri : documented) {
            assertThat(uri).startsWith("file:///opt/cloudvoter/");
            assertThat(root.resolve(uri.substring("file:///".length()))).as(uri).isRegularFile();
        }
    }

    @Test
    void runningItAgainUpgradesTheProgramAndKeepsDataAndSettings() throws Exception {
        assertThat(install("--root", root.toString(), "--no-build").exit()).isZero();
        var env = root.resolve("etc/cloudvoter/cloudvoter.env");
        Files.writeString(env, "CLOUDVOTER_PORT=9000\n");
        Files.writeString(root.resolve("var/lib/cloudvoter/cloudvoter.db"), "history");
        Files.writeString(script.getParent().getParent().resolve("agent/target/cloudvoter-agent.jar"), "jar v2");

        var r = install("upgrade", "--root", root.toString(), "--no-build");

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("upgrading: the data in");
        assertThat(env).hasContent("CLOUDVOTER_PORT=9000");
        assertThat(root.resolve("var/lib/cloudvoter/cloudvoter.db")).hasContent("history");
        assertThat(root.resolve("opt/cloudvoter/current/cloudvoter-agent.jar")).hasContent("jar v2");
    }

    @Test
    void uninstallKeepsDataAndSettingsAndPurgeRemovesThem() throws Exception {
        assertThat(install("--root", root.toString(), "--no-build").exit()).isZero();

        var r = install("uninstall", "--root", root.toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(root.resolve("opt/cloudvoter")).doesNotExist();
        assertThat(root.resolve("etc/systemd/system/cloudvoter.service")).doesNotExist();
        assertThat(root.resolve("var/lib/cloudvoter")).isDirectory();
        assertThat(root.resolve("etc/cloudvoter/cloudvoter.env")).exists();

        var purge = install("uninstall", "--purge", "--root", root.toString());
        assertThat(purge.exit()).as(purge.output()).isZero();
        assertThat(root.resolve("var/lib/cloudvoter")).doesNotExist();
        assertThat(root.resolve("etc/cloudvoter")).doesNotExist();
    }

    @Test
    void aDryRunShowsTheSystemStepsAndChangesNothing() throws Exception {
        var r = install("--dry-run", "--no-build");

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains(
                "+ install -m 0644 " + script.getParent().resolve("cloudvoter.service") + " /etc/systemd/system/cloudvoter.service",
                "+ systemctl daemon-reload",
                "+ systemctl enable cloudvoter.service",
                "+ systemctl restart cloudvoter.service");
        assertThat(Path.of("/etc/systemd/system/cloudvoter.service")).as("nothing installed for real").doesNotExist();
    }

    @Test
    void unknownArgumentsAreRefusedWithTheReason() throws Exception {
        var r = install("--frobnicate");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("unknown argument '--frobnicate'");
    }
}
