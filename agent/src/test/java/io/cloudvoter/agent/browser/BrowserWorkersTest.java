package io.cloudvoter.agent.browser;

import com.microsoft.playwright.Browser;
import io.cloudvoter.agent.health.BrowserCheck;
import io.cloudvoter.agent.health.HealthSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Several browser workers: how many, where runs go, and that each worker's browser lives and dies on its own. */
class BrowserWorkersTest {
    @TempDir
    Path dir;
    private BrowserWorkers workers;

    private BrowserWorkers start(int n, BrowserLifecycle lifecycle) throws Exception {
        Files.createDirectories(dir.resolve("tmp"));
        var executable = BrowserSettings.locate(Optional.empty()).orElseThrow();
        workers = BrowserWorkers.start(new BrowserSettings(executable, List.of(), dir.resolve("tmp")), lifecycle, Clock.systemUTC(), n, 1);
        return workers;
    }

    @AfterEach
    void stop() {
        if (workers != null) {
            workers.close(Duration.ofSeconds(5));
            assertThat(workers.processes().all()).as("no worker's driver or Chromium outlives close").isEmpty();
        }
    }

    @Test
    void runsGoToTheFirstWorkerWithRoomSoASecondBrowserStartsOnlyWhenTheFirstIsFull() throws Exception {
        var w = start(2, BrowserLifecycle.MANUAL);
        var first = w.workers().get(0);
        var second = w.workers().get(1);
        var picked = w.pick();
        assertThat(picked).isSameAs(first);
        assertThat(w.pick()).as("worker 1 takes one run in flight (capacity 1 here)").isSameAs(second);
        first.unassign();
        assertThat(w.pick()).isSameAs(first);
        first.unassign();
        second.unassign();
        assertThat(w.status().state()).as("no browser was needed").isEqualTo("STOPPED");
    }

    /** Real Chromium: two runs inside a page at the same moment, each on its own driver and browser. */
    @Test
    void twoWorkersRunTwoFlowsAtOnceEachWithItsOwnDriverAndChromium() throws Exception {
        var w = start(2, BrowserLifecycle.MANUAL);
        bothUp(w);

        var drivers = w.processes().drivers();
        assertThat(drivers).hasSize(2).doesNotHaveDuplicates();
        for (var pool : w.workers()) {
            var own = pool.processes();
            assertThat(own.drivers()).hasSize(1);
            assertThat(own.launchedBrowser()).isNotEmpty();
            // the Chromium a worker launched hangs under that worker's own driver, not the other's
            own.launchedBrowser().forEach(pid -> assertThat(ChromiumReaper.descendsFrom(ProcessHandle.of(pid).orElseThrow(),
                    own.drivers().getFirst().pid())).isTrue());
        }
        assertThat(w.processes().all()).containsAll(w.workers().get(0).processes().all()).containsAll(w.workers().get(1).processes().all());
        assertThat(w.status().state()).isEqualTo("UP");
        assertThat(w.status().detail()).isEqualTo("workers: 2 UP");
        assertThat(new ChromiumReaper(dir.resolve("tmp")).reap()).as("the reaper never takes a live worker's browser").isEmpty();
        assertThat(w.processes().drivers()).containsExactlyInAnyOrderElementsOf(drivers);
    }

    /** What the run watchdog relies on: killing one worker's Chromium leaves the other's alone. */
    @Test
    void killingOneWorkersChromiumLeavesTheOtherRunning() throws Exception {
        var w = start(2, BrowserLifecycle.MANUAL);
        bothUp(w);
        var doomed = w.workers().get(0);
        var spared = w.workers().get(1);
        // The launched browser processes, not every helper: a renderer of a closed page may exit on its own.
        var doomedBrowsers = handles(doomed.processes().launchedBrowser());
        var sparedBrowsers = handles(spared.processes().launchedBrowser());
        var sparedDriver = spared.processes().drivers();
        assertThat(doomedBrowsers).isNotEmpty();
        assertThat(sparedBrowsers).isNotEmpty();

        doomed.kill("test: a run overran");

        doomedBrowsers.forEach(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        assertThat(sparedBrowsers).allMatch(ProcessHandle::isAlive);
        assertThat(sparedDriver).allMatch(ProcessHandle::isAlive);
        assertThat(spared.run("test", session -> open(session).evaluate("1 + 1")).get(30, TimeUnit.SECONDS)).isEqualTo(2);
    }

    /**
     * Each worker closes its own browser when idle; a readiness probe proves the running worker and
     * does not relaunch the one closed for idleness; once all are closed the status is STOPPED, the
     * state in which BrowserCheck does not probe at all.
     */
    @Test
    void anIdleWorkerClosesOnItsOwnAndIsNotRelaunchedByTheReadinessProbe() throws Exception {
        var w = start(2, new BrowserLifecycle(0, Duration.ZERO, Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ZERO));
        bothUp(w);
        var first = w.workers().get(0);
        var second = w.workers().get(1);

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            w.call("test", (worker, session) -> open(session).evaluate("1")); // the first worker stays busy enough
            return "STOPPED".equals(second.status().state());
        });
        assertThat(second.processes().all()).as("browser AND driver closed").isEmpty();
        var status = w.status();
        assertThat(status.state()).isEqualTo("UP");
        assertThat(status.detail()).startsWith("workers: 1 UP, 1 STOPPED");

        var check = BrowserCheck.of(w, () -> 0, Clock.systemUTC(),
                new HealthSettings(Duration.ofMillis(1), Duration.ofSeconds(30), Duration.ofSeconds(30)));
        check.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> check.result().up());
        assertThat(second.status().state()).as("not started just to be probed").isEqualTo("STOPPED");
        assertThat(second.processes().all()).isEmpty();
        check.close();

        await().atMost(Duration.ofSeconds(30)).until(() -> "STOPPED".equals(w.status().state()));
        assertThat(first.processes().all()).isEmpty();
        assertThat(first.restarts() + second.restarts()).as("closing idle browsers is not a restart").isZero();
    }

    @Test
    void recycleClosesEveryWorkersBrowserAndCountsEachRestart() throws Exception {
        var w = start(2, BrowserLifecycle.MANUAL);
        bothUp(w);
        w.recycle("test").get(30, TimeUnit.SECONDS);
        assertThat(w.processes().all()).isEmpty();
        assertThat(w.restarts()).isEqualTo(2);
        assertThat(w.status().state()).isEqualTo("STOPPED");
    }

    /** Holds a run on each worker until both are inside a page (or fails after 30 s). */
    private static void bothUp(BrowserWorkers w) {
        var barrier = new CyclicBarrier(2);
        BrowserWorkers.WorkerTask<String> task = (worker, session) -> {
            var page = open(session);
            page.setContent("<p>hi</p>");
            try {
                barrier.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the runs did not overlap", e);
            }
            return page.textContent("p");
        };
        var a = CompletableFuture.supplyAsync(() -> w.call("a", task), Executors.newVirtualThreadPerTaskExecutor());
        var b = CompletableFuture.supplyAsync(() -> w.call("b", task), Executors.newVirtualThreadPerTaskExecutor());
        try {
            assertThat(a.get(60, TimeUnit.SECONDS)).isEqualTo("hi");
            assertThat(b.get(60, TimeUnit.SECONDS)).isEqualTo("hi");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(w.workers()).allMatch(p -> "UP".equals(p.status().state()));
    }

    private static com.microsoft.playwright.Page open(BrowserWorker.Session session) {
        return session.open(new Browser.NewContextOptions()).newPage();
    }

    private static List<ProcessHandle> handles(List<Long> pids) {
        return pids.stream().map(ProcessHandle::of).flatMap(Optional::stream).toList();
    }
}
