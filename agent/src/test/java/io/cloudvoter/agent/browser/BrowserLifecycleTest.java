package io.cloudvoter.agent.browser;

import com.microsoft.playwright.Page;
import io.cloudvoter.agent.testing.TestSite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A worker's browser life with real Chromium: recycling, crash detection, idle closing and reaping. */
class BrowserLifecycleTest {
    static TestSite site;
    static final CountDownLatch release = new CountDownLatch(1);
    static final CountDownLatch arrived = new CountDownLatch(2);

    @TempDir
    Path dir;
    final List<BrowserWorker> pools = new ArrayList<>();
    final List<Process> strays = new ArrayList<>();

    @BeforeAll
    static void serve() {
        site = new TestSite()
                .html("/ok", "<p id=m>fine</p>")
                .page("/slow", ex -> {
                    arrived.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    TestSite.send(ex, 200, "<p id=m>slow but fine</p>");
                });
    }

    @AfterAll
    static void stop() {
        release.countDown();
        site.close();
    }

    @AfterEach
    void cleanUp() {
        pools.forEach(p -> p.close(Duration.ofSeconds(5)));
        strays.forEach(p -> p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly));
        strays.forEach(Process::destroyForcibly);
    }

    BrowserWorker pool(Path dataDir, BrowserLifecycle lifecycle) throws java.io.IOException {
        java.nio.file.Files.createDirectories(dataDir.resolve("tmp"));
        var executable = BrowserSettings.locate(Optional.empty()).orElseThrow();
        var pool = new BrowserWorker(new BrowserSettings(executable, List.of(), dataDir.resolve("tmp")), lifecycle, Clock.systemUTC(),
                0, lifecycle != BrowserLifecycle.MANUAL, 16);
        pools.add(pool);
        return pool;
    }

    static String visit(BrowserWorker pool, String path) {
        try {
            return visiting(pool, path).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("visit " + path, e);
        }
    }

    static CompletableFuture<String> visiting(BrowserWorker pool, String path) {
        return pool.run("visit " + path, session -> {
            Page page = session.open(new com.microsoft.playwright.Browser.NewContextOptions()).newPage();
            page.navigate(site.url(path));
            return page.textContent("#m");
        });
    }

    static BrowserLifecycle probing(Duration every) {
        return new BrowserLifecycle(0, Duration.ZERO, Duration.ZERO, every, Duration.ZERO);
    }

    @Test
    void aRecycleAskedForWhileRunsAreInFlightLosesNoneOfThem() throws Exception {
        var pool = pool(dir, BrowserLifecycle.MANUAL);
        var first = visiting(pool, "/slow");
        var second = visiting(pool, "/slow");
        await("both runs in flight at once on one worker").atMost(Duration.ofSeconds(30)).until(() -> arrived.getCount() == 0);
        var browserBefore = pool.processes().launchedBrowser();

        var recycled = pool.recycle("test");
        release.countDown();

        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("slow but fine");
        assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo("slow but fine");
        recycled.get(30, TimeUnit.SECONDS);
        assertThat(pool.status().state()).isEqualTo("STOPPED");
        assertThat(pool.processes().all()).as("browser and driver closed by the recycle").isEmpty();
        assertThat(pool.restarts()).isEqualTo(1);

        assertThat(visit(pool, "/ok")).isEqualTo("fine");
        assertThat(pool.processes().launchedBrowser()).isNotEmpty().doesNotContainAnyElementsOf(browserBefore);
    }

    @Test
    void aKilledChromiumIsNoticedAndRelaunchedWithoutWaitingForARun() throws Exception {
        var pool = pool(dir, probing(Duration.ofMillis(200)));
        visit(pool, "/ok");
        var killed = pool.processes().launchedBrowser();
        assertThat(killed).isNotEmpty();

        ProcessHandle.of(killed.getLast()).orElseThrow().destroyForcibly();

        await().atMost(Duration.ofSeconds(30)).until(() -> pool.restarts() == 1 && "UP".equals(pool.status().state()));
        assertThat(pool.processes().launchedBrowser()).isNotEmpty().doesNotContainAnyElementsOf(killed);
        assertThat(visit(pool, "/ok")).isEqualTo("fine");
    }

    @Test
    void theBrowserIsRecycledAfterTheConfiguredNumberOfRuns() throws Exception {
        var pool = pool(dir, new BrowserLifecycle(2, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO));
        visit(pool, "/ok");
        var firstBrowser = pool.processes().launchedBrowser();
        visit(pool, "/ok");
        assertThat(pool.processes().launchedBrowser()).isEqualTo(firstBrowser);

        visit(pool, "/ok");

        assertThat(pool.restarts()).isEqualTo(1);
        assertThat(pool.processes().launchedBrowser()).doesNotContainAnyElementsOf(firstBrowser);
    }

    @Test
    void anIdleBrowserIsClosedAndStartedAgainByTheNextRun() throws Exception {
        var pool = pool(dir, new BrowserLifecycle(0, Duration.ZERO, Duration.ofMillis(500), Duration.ofMillis(100), Duration.ZERO));
        visit(pool, "/ok");

        await().atMost(Duration.ofSeconds(30)).until(() -> "STOPPED".equals(pool.status().state()));
        assertThat(pool.status().detail()).startsWith("closed after 500ms idle");
        assertThat(pool.processes().all()).isEmpty();
        assertThat(pool.restarts()).as("closing an idle browser is not a restart").isZero();

        assertThat(visit(pool, "/ok")).isEqualTo("fine");
        assertThat(pool.status().state()).isEqualTo("UP");
    }

    @Test
    void reapsChromiumLeftByADeadAgentOfThisDataDirButNeverItsOwnOrAnotherDataDirs() throws Exception {
        var mine = dir.resolve("mine");
        var other = dir.resolve("other");
        var leftover = orphanChromium(mine);
        var foreign = orphanChromium(other);

        var pool = pool(mine, new BrowserLifecycle(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofMinutes(5)));

        assertThat(leftover.onExit().get(10, TimeUnit.SECONDS).isAlive()).as("reaped at start").isFalse();
        assertThat(foreign.isAlive()).as("another data dir's browser").isTrue();

        visit(pool, "/ok");
        // The browser process itself and its driver (a closed context's renderer may be exiting by itself).
        var own = new ArrayList<>(pool.processes().drivers());
        pool.processes().launchedBrowser().forEach(pid -> own.add(ProcessHandle.of(pid).orElseThrow()));
        var again = new ChromiumReaper(mine.resolve("tmp")).reap();
        assertThat(again).isEmpty();
        assertThat(own).hasSizeGreaterThanOrEqualTo(2).allMatch(ProcessHandle::isAlive);
        assertThat(foreign.isAlive()).isTrue();

        // The other data dir's agent, starting next, reaps its own leftover (and this test leaves none behind).
        assertThat(new ChromiumReaper(other.resolve("tmp")).reap()).contains(foreign.pid());
        assertThat(foreign.isAlive()).isFalse();
    }

    @Test
    void recognisesLeftoversByTheMarkerOrTheDriverFolder() {
        var reaper = new ChromiumReaper(Path.of("/srv/data/tmp"));
        assertThat(reaper.leftover("/usr/lib/chromium/chromium-headless-shell --headless --cloudvoter-agent=/srv/data/tmp --no-sandbox")).isTrue();
        assertThat(reaper.leftover("/srv/data/tmp/playwright-java-123/node /srv/data/tmp/playwright-java-123/package/cli.js run-driver")).isTrue();
        assertThat(reaper.leftover("/usr/lib/chromium/chromium-headless-shell --cloudvoter-agent=/srv/data/tmp2")).isFalse();
        assertThat(reaper.leftover("/usr/lib/chromium/chromium --type=renderer")).isFalse();
        assertThat(reaper.leftover(null)).isFalse();
    }

    /** A Chromium with a data dir's marker whose parent has gone: what a killed agent leaves. */
    private ProcessHandle orphanChromium(Path dataDir) throws Exception {
        var executable = BrowserSettings.locate(Optional.empty()).orElseThrow();
        var marker = ChromiumReaper.marker(dataDir.resolve("tmp"));
        var shell = new ProcessBuilder("setsid", "sh", "-c", "'" + executable + "' --headless --no-sandbox --disable-gpu '" + marker
                + "' --remote-debugging-port=0 --user-data-dir='" + dir.resolve("profile-" + dataDir.getFileName()) + "' about:blank"
                + " >/dev/null 2>&1 & echo $!").start();
        strays.add(shell);
        long pid = Long.parseLong(new String(shell.getInputStream().readAllBytes()).trim());
        assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
        var chromium = ProcessHandle.of(pid).orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> chromium.parent().map(p -> p.pid() != shell.pid()).orElse(true));
        return chromium;
    }
}
