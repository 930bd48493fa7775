package io.cloudvoter.agent.deploy;

import io.cloudvoter.agent.node.NodeMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/cloudvoter-node.service: what the browser node relies on, and the agent unit's sandbox kept. */
class BrowserNodeUnitTest {
    static final Path UNIT = Tools.deploy().resolve("cloudvoter-node.service");

    @TempDir
    Path dir;

    @Test
    void systemdAcceptsTheUnit() throws Exception {
        SystemdUnitTest.assertSystemdAccepts(UNIT, dir);
    }

    @Test
    void theUnitsExposureScoreIsAtMostTwoAndAHalf() throws Exception {
        SystemdUnitTest.assertExposureAtMost(UNIT, SystemdUnitTest.MAX_EXPOSURE);
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
