package io.cloudvoter.agent.deploy;

import io.cloudvoter.agent.node.NodeMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** deploy/cloudvoter-node.service: what the browser node relies on, and the agent unit's sandbox kept. */
class BrowserNodeUnitTest {
    static final Path UNIT = Tools.deploy().resolve("cloudvoter-node.service");

    @TempDir
    Path dir;

    @Test
    void systemdAcceptsTheUnit() throws Exception {
        SystemdUnitTest.requireSystemdAnalyze();
        var copy = dir.resolve("cloudvoter-node.service");
        var java = Path.of(System.getProperty("java.home"), "bin", "java");
        Files.writeString(copy, Files.readString(UNIT).replace("ExecStart=/opt/cloudvoter/java/bin/java", "ExecStart=" + java));

        var r = Tools.run(List.of("systemd-analyze", "verify", copy.toString()));

        var complaints = r.output().lines()
                .filter(l -> !l.matches(".*Unknown key '(RestartSteps|RestartMaxDelaySec)' in section \\[Service], ignoring\\."))
                .filter(l -> !l.isBlank())
                .toList();
        assertThat(complaints).as(r.output()).isEmpty();
        assertThat(r.exit()).as(r.output()).isZero();
    }

    @Test
    void theUnitsExposureScoreIsAtMostTwoAndAHalf() throws Exception {
        SystemdUnitTest.requireSystemdAnalyze();
        var r = Tools.run(List.of("systemd-analyze", "security", "--offline=yes", UNIT.toString()));
        assumeTrue(!r.output().contains("unrecognized option"), "this systemd-analyze has no --offline (systemd < 250)");

        var m = Pattern.compile("Overall exposure level for cloudvoter-node\\.service: (\\d+\\.\\d)").matcher(r.output());
        assertThat(m.find()).as(r.output()).isTrue();
        double exposure = Double.parseDouble(m.group(1));
        System.out.println("systemd-analyze security --offline=yes cloudvoter-node.service: exposure " + exposure);
        assertThat(exposure).isLessThanOrEqualTo(SystemdUnitTest.MAX_EXPOSURE);
    }

    @Test
    void runsTheNodeRestartsItWhenChromiumDiesAndKillsChromiumWithIt() throws Exception {
        var unit = Files.readString(UNIT);

        assertThat(unit.lines()).contains(
                "Type=notify",
                "NotifyAccess=all",
                "Restart=on-failure",
                "RestartPreventExitStatus=2",
                "SuccessExitStatus=143",
                "KillMode=control-group",
                "User=cloudvoter-node",
                "StateDirectory=cloudvoter-node",
                "SystemCallFilter=capset",
                "ExecStart=/opt/cloudvoter/java/bin/java $CLOUDVOTER_NODE_JAVA_OPTS -cp /opt/cloudvoter/current/cloudvoter-agent.jar "
                        + NodeMain.class.getName() + " --dir /var/lib/cloudvoter-node");
        assertThat(unit).containsPattern("(?m)^WatchdogSec=\\d+s$").containsPattern("(?m)^RestartSec=\\d+s$");
    }

    @Test
    void keepsEverySandboxLineOfTheAgentsUnit() throws Exception {
        var agent = sandbox(SystemdUnitTest.UNIT);
        var node = sandbox(UNIT);

        assertThat(agent).hasSizeGreaterThan(25);
        assertThat(node).containsAll(agent);
    }

    /** The hardening lines (paths, memory and task limits differ on purpose and are left out). */
    static List<String> sandbox(Path unit) throws Exception {
        return Files.readAllLines(unit).stream().map(String::strip)
                .filter(l -> !l.startsWith("#") && l.contains("="))
                .filter(l -> Set.of("NoNewPrivileges", "CapabilityBoundingSet", "AmbientCapabilities", "ProtectSystem", "ProtectHome",
                        "PrivateTmp", "PrivateDevices", "PrivateUsers", "ProtectHostname", "ProtectClock", "ProtectKernelTunables",
                        "ProtectKernelModules", "ProtectKernelLogs", "ProtectControlGroups", "ProtectProc", "RestrictAddressFamilies",
                        "RestrictNamespaces", "RestrictRealtime", "RestrictSUIDSGID", "LockPersonality", "RemoveIPC", "KeyringMode",
                        "UMask", "DevicePolicy", "SystemCallArchitectures", "SystemCallFilter", "SystemCallErrorNumber", "KillMode",
                        "MemorySwapMax").contains(key(l)))
                .toList();
    }

    static String key(String line) {
        return line.substring(0, line.indexOf('='));
    }
}
