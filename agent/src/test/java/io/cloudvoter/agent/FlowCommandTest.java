package io.cloudvoter.agent;

import io.cloudvoter.agent.testing.TestAgents;
import io.cloudvoter.agent.testing.TestSite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./cloudvoter flow push|try} against a real running agent, found through its data dir as {@code token rotate} finds it. */
class FlowCommandTest {
    @TempDir
    static Path dir;
    static Agent agent;
    static TestSite site;
    static Path data;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void start() {
        site = new TestSite().html("/poll", "<button id=vote onclick=\"document.getElementById('m').textContent='Thanks!'\">Vote</button>"
                + "<p id=m></p>");
        data = dir.resolve("data");
        agent = TestAgents.startQuiet(data, Map.of());
    }

    @AfterAll
    static void stop() {
        agent.close();
        site.close();
    }

    private int run(String... args) {
        return FlowCommand.run(args, data, Map.of("CLOUDVOTER_TOKEN", TestAgents.TOKEN),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String flow(String name) {
        return "name: " + name + "\ntarget: \"" + site.url("/poll") + "\"\nsteps:\n  - goto\n  - click: \"#vote\"\n"
                + "  - waitFor: { text: Thanks }\noutcome:\n  success: [\"Thanks\"]\n";
    }

    @Test
    void pushStoresAFlowAndTryRunsItOnce() throws Exception {
        var file = dir.resolve("poll.yaml");
        Files.writeString(file, flow("poll"));
        assertThat(run("push", file.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("created flow poll (poll.yaml on the agent)");
        assertThat(data.resolve("flows/poll.yaml")).content().isEqualTo(flow("poll"));
        assertThat(run("push", file.toString())).isZero();
        assertThat(out.toString()).contains("replaced flow poll");

        var png = dir.resolve("end.png");
        out.reset();
        assertThat(run("try", "poll", "--screenshot", png.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("SUCCESS").contains("goto").contains("click").contains("a fresh browser");
        assertThat(Files.readAllBytes(png)).startsWith(new byte[]{(byte) 0x89, 'P', 'N', 'G'});
    }

    @Test
    void aBadFlowIsRefusedLineByLineAndNothingIsWritten() throws Exception {
        var file = dir.resolve("broken.yaml");
        Files.writeString(file, "name: broken\ntarget: \"" + site.url("/poll") + "\"\ntimeout: soon\nsteps:\n  - goto\n  - clik: x\n");
        assertThat(run("push", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(file + ":3:1: timeout: ").contains(file + ":6:5: steps[1].clik: unknown step 'clik'");
        assertThat(data.resolve("flows/broken.yaml")).doesNotExist();
    }

    @Test
    void aLocalFileIsTriedWithoutBeingStoredAndAFailureSaysSo() throws Exception {
        var file = dir.resolve("draft.yaml");
        Files.writeString(file, flow("draft").replace("success: [\"Thanks\"]", "success: [\"Never shown\"]"));
        assertThat(run("try", file.toString())).isEqualTo(3);
        assertThat(out.toString()).startsWith("FAILED");
        assertThat(data.resolve("flows/draft.yaml")).doesNotExist();
        assertThat(run("try", "no-such-flow")).isEqualTo(2);
        assertThat(err.toString()).contains("404").contains("no-such-flow");
    }

    @Test
    void withoutARunningAgentItSaysWhereItLooked() {
        int code = FlowCommand.run(new String[]{"push", "x.yaml"}, dir.resolve("nothing-here"), Map.of(),
                new PrintStream(out), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("no running agent found").contains("nothing-here");
    }
}
