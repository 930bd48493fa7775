package io.cloudvoter.agent.browser;

import com.microsoft.playwright.Browser;
import io.cloudvoter.agent.config.ConfigLoader;
import io.cloudvoter.agent.config.SectionReader;
import io.cloudvoter.agent.health.BrowserCheck;
import io.cloudvoter.agent.health.HealthSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
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
        workers = BrowserWorkers.start(new BrowserSettings(executable, List.of(), dir.resolve("tmp")), lifecycle, Clock.systemUTC(), n);
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
    void autoGivesOneWorkerOnASmallDropletAndNoMoreThanTheGuardLeavesRoomFor() {
        assertThat(BrowserWorkers.auto(1, 960, 650.0)).as("1 GB droplet").isEqualTo(1);
        assertThat(BrowserWorkers.auto(2, 1_970, 650.0)).as("2 GB droplet, 2 cores").isEqualTo(1);
        assertThat(BrowserWorkers.auto(2, 1_970, null)).as("2 GB droplet, guard's agent-pss off").isEqualTo(1);
        assertThat(BrowserWorkers.auto(2, 3_900, 650.0)).as("4 GB, 2 cores").isEqualTo(2);
        assertThat(BrowserWorkers.auto(1, 3_900, 650.0)).as("one core").isEqualTo(1);
        assertThat(BrowserWorkers.auto(16, 64_000, 650.0)).as("the default soft threshold fits two at their peak").isEqualTo(2);
        assertThat(BrowserWorkers.auto(16, 64_000, 1_200.0)).isEqualTo(4);
        assertThat(BrowserWorkers.auto(16, 64_000, null)).as("never more than four").isEqualTo(4);
        assertThat(BrowserWorkers.auto(4, 500, 300.0)).as("tiny machine, tight guard").isEqualTo(1);
    }

    @Test
    void readsAutoOrANumberAndNamesTheKeyWhenWrong() throws Exception {
        assertThat(workersSetting(null)).isEqualTo(new Count(0, List.of()));
        assertThat(workersSetting("auto")).isEqualTo(new Count(0, List.of()));
        assertThat(workersSetting("3")).isEqualTo(new Count(3, List.of()));
        assertThat(workersSetting("9").problems()).containsExactly(
                "cloudvoter.browser.workers: '9' is not auto or a whole number from 1 to 8");
        assertThat(workersSetting("two").problems()).containsExactly(
                "cloudvoter.browser.workers: 'two' is not auto or a whole number from 1 to 8");
    }

    record Count(int workers, List<String> problems) {
    }

    private Count workersSetting(String value) throws Exception {
        var file = dir.resolve("agent.yaml");
        Files.writeString(file, value == null ? "cloudvoter: {}\n" : "cloudvoter:\n  browser:\n    workers: \"" + value + "\"\n");
        var raw = ConfigLoader.load(file, Map.of("CLOUDVOTER_DATA_DIR", dir.resolve("data").toString())).raw();
        var problems = new ArrayList<String>();
        int n = BrowserWorkers.readCount(new SectionReader(raw, "cloudvoter", problems).section("browser"));
        return new Count(n, problems);
    }

    @Test
    void runsGoToTheFirstFreeWorkerSoASecondBrowserStartsOnlyWhenRunsOverlap() throws Exception {
        var w = start(2, BrowserLifecycle.MANUAL);
        var first = w.pools().get(0);
        var second = w.pools().get(1);
        assertThat(w.pick()).isSameAs(first);

        var gate = new CompletableFuture<Void>();
        var busy = w.run((worker, contexts) -> {
            gate.join();
            return worker;
        });
        assertThat(w.pick()).isSameAs(second);
        gate.complete(null);
        assertThat(busy.join()).isSameAs(first);
        assertThat(w.pick()).isSameAs(first);
        assertThat(w.status().state()).as("no browser was needed").isEqualTo("STOPPED");
    }

    /** Real Chromium: two runs inside a page at the same moment, each on its own driver and browser. */
    @Test
    void twoWorkersRunTwoFlowsAtOnceEachWithItsOwnDriverAndChromium() throws Exception {
        var w = start(2, BrowserLifecycle.MANUAL);
        bothUp(w);

        var drivers = w.processes().drivers();
        assertThat(drivers).hasSize(2).doesNotHaveDuplicates();
        for (var pool : w.pools()) {
            var own = pool.processes();
            assertThat(own.drivers()).hasSize(1);
            assertThat(own.launchedBrowser()).isNotEmpty();
            // the Chromium a worker launched hangs under that worker's own driver, not the other's
            own.launchedBrowser().forEach(pid -> assertThat(ChromiumReaper.descendsFrom(ProcessHandle.of(pid).orElseThrow(),
                    own.drivers().getFirst().pid())).isTrue());
        }
        assertThat(w.processes().all()).containsAll(w.pools().get(0).processes().all()).containsAll(w.pools().get(1).processes().all());
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
        var doomed = w.pools().get(0);
        var spared = w.pools().get(1);
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
        assertThat(spared.run(contexts -> open(contexts).evaluate("1 + 1")).join()).isEqualTo(2);
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
        var first = w.pools().get(0);
        var second = w.pools().get(1);

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            w.run((worker, contexts) -> open(contexts).evaluate("1")).join(); // the first worker stays busy enough
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

    /**
     * Seen in the SIGTERM crash test: the first run took worker 1 and hung for its whole timeout, the
     * first readiness probe queued behind it, and the agent stayed "not ready" for 50 s. A probe goes
     * to a free worker instead, even one whose browser is not started yet.
     */
    @Test
    void aProbeDoesNotWaitBehindARunThatHoldsAWorker() throws Exception {
        var w = start(2, BrowserLifecycle.MANUAL);
        var inPage = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        var hanging = w.run((worker, contexts) -> {
            open(contexts).setContent("<p>waiting</p>");
            inPage.countDown();
            try {
                return release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertThat(inPage.await(30, TimeUnit.SECONDS)).isTrue();
            var busy = w.pools().stream().filter(p -> p.pendingTasks() > 0).toList();
            assertThat(busy).hasSize(1);
            assertThat(w.pools().stream().filter(p -> p.pendingTasks() == 0).findFirst().orElseThrow().status().state())
                    .isEqualTo("STOPPED");

            w.probe().get(30, TimeUnit.SECONDS);
            assertThat(hanging).as("the run still holds its worker").isNotDone();
            assertThat(w.states()).containsEntry("UP", 2);
        } finally {
            release.countDown();
        }
        assertThat(hanging.get(30, TimeUnit.SECONDS)).isTrue();
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
        BrowserWorkers.WorkerTask<String> task = (worker, contexts) -> {
            var page = open(contexts);
            page.setContent("<p>hi</p>");
            try {
                barrier.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the runs did not overlap", e);
            }
            return page.textContent("p");
        };
        var a = w.run(task);
        var b = w.run(task);
        assertThat(a.join()).isEqualTo("hi");
        assertThat(b.join()).isEqualTo("hi");
        assertThat(w.pools()).allMatch(p -> "UP".equals(p.status().state()));
    }

    private static com.microsoft.playwright.Page open(BrowserPool.ContextOpener contexts) {
        return contexts.open(new Browser.NewContextOptions()).newPage();
    }

    private static List<ProcessHandle> handles(List<Long> pids) {
        return pids.stream().map(ProcessHandle::of).flatMap(Optional::stream).toList();
    }
}
