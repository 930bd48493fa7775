package io.cloudvoter.agent;

import io.cloudvoter.agent.testing.TestAgents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An agent that cannot start says why and does nothing else first. */
class StartFailuresTest {
    @TempDir
    Path dir;

    static ServerSocket occupy() throws IOException {
        var taken = new ServerSocket();
        taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return taken;
    }

    @Test
    void aPortInUseStopsTheStartBeforeAnythingIsOpenedOrRun() throws IOException {
        try (var taken = occupy()) {
            var data = dir.resolve("data");
            var config = TestAgents.config(data, Map.of("CLOUDVOTER_PORT", Integer.toString(taken.getLocalPort()),
                    "CLOUDVOTER_DEMO", "true"));
            assertThatThrownBy(() -> Agent.start(config))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": the port is in use (another CloudVoter"
                            + " agent, or another program: stop it, or set CLOUDVOTER_PORT)");
            assertThat(data.resolve("cloudvoter.db")).as("no database opened").doesNotExist();
            assertThat(data.resolve("flows/demo-vote.yaml")).as("no demo flow installed").doesNotExist();
        }
    }

    @Test
    void theProcessExits1WithTheReasonAndNeverSaysItIsReady() throws Exception {
        try (var taken = occupy()) {
            var ended = main(List.of("--demo"), Map.of("CLOUDVOTER_PORT", Integer.toString(taken.getLocalPort()),
                    "CLOUDVOTER_TOKEN", TestAgents.TOKEN));
            assertThat(ended.exit()).as(ended.output()).isEqualTo(1);
            assertThat(ended.output()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": the port is in use")
                    .doesNotContain("agent ready").doesNotContain("listening on");
        }
    }

    record Ended(int exit, String output) {
    }

    /** {@code Main} in a child JVM with these arguments and variables (and a data dir here), run until it exits. */
    Ended main(List<String> args, Map<String, String> env) throws Exception {
        var log = Files.createTempFile(dir, "agent", ".log");
        var command = io.cloudvoter.agent.testing.ChildJvm.command("io.cloudvoter.agent.Main");
        command.addAll(args);
        var pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(name -> name.startsWith("CLOUDVOTER_") || name.equals("NOTIFY_SOCKET"));
        pb.environment().putAll(Map.of("CLOUDVOTER_DATA_DIR", dir.resolve("data").toString(), "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"));
        pb.environment().putAll(env);
        var process = pb.start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
            return new Ended(process.exitValue(), Files.readString(log));
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void wrongValuesInSeveralSectionsExitTheProcessWith2ListingEveryOne() throws Exception {
        var config = Files.writeString(dir.resolve("bad.yaml"), """
                cloudvoter:
                  supervised: maybe
                  guard: { cpu: { soft: 200% } }
                  stream: { heartbeat: forever }
                  alerts: { repeat: sometimes }
                  gaurd: { enabled: false }
                """);
        var ended = main(List.of("--config", config.toString()), Map.of("CLOUDVOTER_PORT", "http"));
        assertThat(ended.exit()).as(ended.output()).isEqualTo(2);
        assertThat(ended.output()).contains(
                "cloudvoter.port (CLOUDVOTER_PORT): 'http' is not a whole number",
                "cloudvoter.supervised (CLOUDVOTER_SUPERVISED): 'maybe' is not true or false",
                "cloudvoter.guard.cpu.soft: 200% is out of range",
                "cloudvoter.stream.heartbeat: 'forever' is not a duration",
                "cloudvoter.alerts.repeat: 'sometimes' is not a duration",
                "cloudvoter.gaurd: not a setting");
        assertThat(dir.resolve("data")).as("nothing made before the config was right").doesNotExist();
    }

    @Test
    void aDataDirThatCannotBeMadeIsRefusedWithTheReason() throws IOException {
        var blocker = Files.writeString(dir.resolve("blocker"), "a file where a folder should be");
        var config = io.cloudvoter.agent.config.ConfigLoader.load(null, Map.of("CLOUDVOTER_DATA_DIR", blocker.resolve("data").toString(),
                "CLOUDVOTER_PORT", "0", "CLOUDVOTER_TOKEN", TestAgents.TOKEN));
        assertThatThrownBy(() -> Agent.start(config))
                .hasMessageContaining("cannot use the data dir " + blocker.resolve("data"))
                .hasMessageContaining(": Not a directory (");
    }
}
