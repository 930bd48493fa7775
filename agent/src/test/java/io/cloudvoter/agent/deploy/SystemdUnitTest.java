package io.cloudvoter.agent.deploy;

import io.cloudvoter.agent.guard.ResourceGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** deploy/cloudvoter.service: what the agent relies on, checked by systemd's own analyzer where it is installed. */
class SystemdUnitTest {
    static final Path UNIT = Tools.deploy().resolve("cloudvoter.service");
    static final double MAX_EXPOSURE = 2.5;

    @TempDir
    Path dir;

    static void requireSystemdAnalyze() {
        boolean present = Tools.onPath("systemd-analyze");
        if (!present) {
            System.out.println("SKIPPED: systemd-analyze is not installed here (apt-get install -y systemd provides it)");
        }
        assumeTrue(present, "systemd-analyze is not installed here (apt-get install -y systemd provides it)");
    }

    @Test
    void systemdAcceptsTheUnit() throws Exception {
        assertSystemdAccepts(UNIT, dir);
    }

    /**
     * {@code systemd-analyze verify} finds nothing in {@code unit}. It checks that ExecStart's program
     * exists, so a copy in {@code dir} points it at this JVM instead of the installed one.
     */
    static void assertSystemdAccepts(Path unit, Path dir) throws Exception {
        requireSystemdAnalyze();
        var copy = dir.resolve(unit.getFileName().toString());
        var java = Path.of(System.getProperty("java.home"), "bin", "java");
        Files.writeString(copy, Files.readString(unit).replace("ExecStart=/opt/cloudvoter/java/bin/java", "ExecStart=" + java));

        var r = Tools.run(List.of("systemd-analyze", "verify", copy.toString()));

        var complaints = r.output().lines()
                // Documented in the unit: systemd < 254 does not know these two and ignores them.
                .filter(l -> !l.matches(".*Unknown key '(RestartSteps|RestartMaxDelaySec)' in section \\[Service], ignoring\\."))
                .filter(l -> !l.isBlank())
                .toList();
        assertThat(complaints).as(r.output()).isEmpty();
        assertThat(r.exit()).as(r.output()).isZero();
    }

    @Test
    void theUnitsExposureScoreIsAtMostTwoAndAHalf() throws Exception {
        assertExposureAtMost(UNIT, MAX_EXPOSURE);
    }

    /** {@code systemd-analyze security --offline=yes} rates {@code unit}'s exposure at most {@code max}. */
    static void assertExposureAtMost(Path unit, double max) throws Exception {
        requireSystemdAnalyze();
        var r = Tools.run(List.of("systemd-analyze", "security", "--offline=yes", unit.toString()));
        boolean supported = !r.output().contains("unrecognized option");
        if (!supported) {
            System.out.println("SKIPPED: this systemd-analyze has no --offline (systemd < 250)");
        }
        assumeTrue(supported, "this systemd-analyze has no --offline (systemd < 250)");

        var name = unit.getFileName().toString();
        var m = Pattern.compile("Overall exposure level for " + Pattern.quote(name) + ": (\\d+\\.\\d)").matcher(r.output());
        assertThat(m.find()).as(r.output()).isTrue();
        double exposure = Double.parseDouble(m.group(1));
        System.out.println("systemd-analyze security --offline=yes " + name + ": exposure " + exposure);
        assertThat(exposure).isLessThanOrEqualTo(max);
    }

    @Test
    void restartsOnFailureAndOnTheGuardsExitCodeAndKillsChromiumWithTheAgent() throws Exception {
        var unit = Files.readString(UNIT);

        assertThat(unit.lines()).contains(
                "Restart=on-failure",
                "RestartForceExitStatus=" + ResourceGuard.EXIT_CRITICAL,
                "RestartPreventExitStatus=2",
                "KillMode=control-group",
                "Type=notify",
                "NotifyAccess=all",
                "NoNewPrivileges=yes",
                "ProtectSystem=strict",
                "ReadWritePaths=/var/lib/cloudvoter",
                "PrivateTmp=yes",
                "ProtectHome=yes",
                "User=cloudvoter");
        assertThat(unit).containsPattern("(?m)^WatchdogSec=\\d+s$")
                .containsPattern("(?m)^MemoryHigh=\\d+%$")
                .containsPattern("(?m)^MemoryMax=\\d+%$")
                .containsPattern("(?m)^TasksMax=\\d+$")
                .containsPattern("(?m)^RestartSec=\\d+s$")
                .containsPattern("(?m)^StartLimitBurst=\\d+$");
        assertThat(unit).as("the guard reads /proc/meminfo and /proc/stat").doesNotContainPattern("(?m)^ProcSubset=");
    }
}
