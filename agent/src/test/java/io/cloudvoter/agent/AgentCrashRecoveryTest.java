package io.cloudvoter.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudvoter.agent.testing.ChildAgent;
import io.cloudvoter.agent.testing.TestAgents;
import io.cloudvoter.agent.testing.TestSite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The agent as a process, killed and stopped the ways a server kills and stops it: {@code kill -9}
 * mid-run, and SIGTERM mid-run. Each agent runs in its own JVM against a page this test serves.
 */
class AgentCrashRecoveryTest {
    @TempDir
    Path dir;
    TestSite site;
    final AtomicInteger visits = new AtomicInteger();
    final AtomicBoolean hang = new AtomicBoolean();
    final CountDownLatch hanging = new CountDownLatch(1);
    final List<ChildAgent> children = new ArrayList<>();
    final List<ProcessHandle> strays = new ArrayList<>();

    @BeforeEach
    void serve() throws Exception {
        site = new TestSite().page("/vote", ex -> {
            int n = visits.incrementAndGet();
            if (hang.get()) {
                // The run then waits up to 50 s for a text that never comes: a run in flight.
                hanging.countDown();
                TestSite.send(ex, 200, "<p id=m>Please wait (visit " + n + ")</p>");
                return;
            }
            TestSite.send(ex, 200, "<p id=m>Thanks for voting! (visit " + n + ")</p>");
        });
        Files.createDirectories(dir.resolve("data/flows"));
        Files.writeString(dir.resolve("data/flows/vote.yaml"), """
                name: vote
                target: "%s"
                timeout: 60s
                cooldown: 1s
                steps:
                  - goto
                  - waitFor: { text: "Thanks", timeout: 50s }
                outcome:
                  success: ["Thanks for voting"]
                """.formatted(site.url("/vote")));
    }

    @AfterEach
    void cleanUp() {
        children.forEach(ChildAgent::close);
        strays.forEach(ProcessHandle::destroyForcibly);
        site.close();
    }

    ChildAgent start() {
        return start(Map.of());
    }

    ChildAgent start(Map<String, String> env) {
        var child = ChildAgent.start(dir.resolve("data"), TestAgents.QUIET_GUARD + """
                  instances:
                    - id: voter
                      flow: vote
                """, env);
        children.add(child);
        return child;
    }

    static List<JsonNode> runs(ChildAgent agent) {
        var body = agent.api.get("/api/runs?instance=voter&limit=100").json().path("runs");
        return StreamSupport.stream(body.spliterator(), false).toList().reversed();
    }

    @Test
    void killedWithSigkillMidRunTheNextStartLosesNoRunInterruptsTheCutOneReapsAndResumes() throws Exception {
        var first = start();
        awaitOrShow(first, () -> runs(first).stream().filter(r -> r.path("outcome").asText().equals("SUCCESS")).count() >= 2);
        hang.set(true);
        assertThat(hanging.await(60, TimeUnit.SECONDS)).as("a run reached the page and hangs there").isTrue();
        var before = runs(first);
        var cut = before.getLast();
        assertThat(cut.path("outcome").asText()).isEqualTo("RUNNING");

        // A hung Chromium (stopped here with SIGSTOP) does not exit with its driver: it is what a
        // killed agent leaves behind. Kill the driver and the JVM with -9, the driver first so it
        // cannot take the browser with it.
        var driver = first.process.toHandle().children().filter(p -> commandLine(p).contains("playwright-java-")).findFirst().orElseThrow();
        var chromium = driver.descendants().filter(p -> commandLine(p).contains("--cloudvoter-agent=")).toList();
        assertThat(chromium).isNotEmpty();
        var orphans = new ArrayList<ProcessHandle>();
        chromium.forEach(c -> {
            orphans.add(c);
            c.descendants().forEach(orphans::add);
        });
        strays.addAll(orphans);
        signal("STOP", chromium);
        signal("KILL", List.of(driver, first.process.toHandle()));
        assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.process.exitValue()).isEqualTo(137);
        assertThat(chromium).as("orphaned, still holding memory").allMatch(ProcessHandle::isAlive);

        hang.set(false);
        var second = start();

        await("orphans reaped at start").atMost(Duration.ofSeconds(10)).until(() -> orphans.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(second.output()).contains("Reaped", "left by an earlier agent of this data dir");
        var after = runs(second);
        assertThat(after).as("no run lost").hasSizeGreaterThanOrEqualTo(before.size());
        for (int i = 0; i < before.size() - 1; i++) {
            assertThat(after.get(i)).as("run %s as before", before.get(i).path("id")).isEqualTo(before.get(i));
        }
        var interrupted = after.get(before.size() - 1);
        assertThat(interrupted.path("id").asLong()).isEqualTo(cut.path("id").asLong());
        assertThat(interrupted.path("outcome").asText()).isEqualTo("INTERRUPTED");
        assertThat(interrupted.path("message").asText()).isEqualTo("the agent stopped while this run was in flight");
        awaitOrShow(second, () -> runs(second).stream()
                .anyMatch(r -> r.path("id").asLong() > cut.path("id").asLong() && r.path("outcome").asText().equals("SUCCESS")));
    }

    @Test
    void sigtermMidRunStopsGracefullyWithinThirtySecondsAndExitsZero() throws Exception {
        hang.set(true);
        var agent = start(Map.of("CLOUDVOTER_STOP_GRACE", "3s")); // the unit's 15 s default is ConfigLoaderTest's
        assertThat(hanging.await(60, TimeUnit.SECONDS)).isTrue();
        var tree = agent.tree();
        assertThat(tree).as("the JVM, its driver and Chromium").hasSizeGreaterThan(2);

        long t0 = System.nanoTime();
        agent.process.destroy(); // SIGTERM
        assertThat(agent.process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s:\n%s", agent.output()).isTrue();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("SIGTERM to exit with a run hanging: " + ms + " ms");

        assertThat(agent.process.exitValue()).as(agent.output()).isZero();
        // Killed processes are reaped by init, which may take a moment after the agent's own exit.
        await("nothing outlives the agent").atMost(Duration.ofSeconds(10)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(agent.output()).contains("Stopping with exit code 0: SIGTERM", "waiting up to 3s for 1 run(s) in flight", "Stopped in ");
        try (var db = io.cloudvoter.agent.history.Database.open(dir.resolve("data/cloudvoter.db"))) {
            var store = new io.cloudvoter.agent.history.RunStore(db, java.time.Clock.systemUTC());
            var last = store.query(io.cloudvoter.agent.history.RunQuery.newest()).getFirst();
            assertThat(last.outcome()).as("%s\nagent output:\n%s", last, agent.output()).isEqualTo(io.cloudvoter.model.api.Outcome.INTERRUPTED);
            assertThat(last.message()).startsWith("the agent is stopping");
        }
    }

    /** Waits (bounded) for {@code condition}; on a timeout the failure shows what the agent logged. */
    private static void awaitOrShow(ChildAgent agent, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(Duration.ofSeconds(60)).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\nagent output:\n" + agent.output(), e);
        }
    }

    private static String commandLine(ProcessHandle p) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline")).replace('\0', ' ');
        } catch (Exception e) {
            return "";
        }
    }

    private static void signal(String signal, List<ProcessHandle> targets) throws Exception {
        var cmd = new ArrayList<>(List.of("kill", "-" + signal));
        targets.forEach(p -> cmd.add(Long.toString(p.pid())));
        assertThat(new ProcessBuilder(cmd).inheritIO().start().waitFor()).isZero();
    }
}
