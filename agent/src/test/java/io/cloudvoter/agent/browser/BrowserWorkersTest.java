package io.cloudvoter.agent.browser;

import io.cloudvoter.agent.testing.FakeClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class BrowserWorkersTest {
    @TempDir
    static Path tmp;
    private BrowserWorkers workers;

    private BrowserWorkers start(int n) {
        var executable = BrowserSettings.locate(Optional.empty()).orElseThrow();
        var settings = new BrowserSettings(executable, List.of(), tmp);
        var pools = new java.util.ArrayList<BrowserPool>();
        for (int i = 0; i < n; i++) {
            pools.add(new BrowserPool(settings, new FakeClock()));
        }
        workers = new BrowserWorkers(pools);
        return workers;
    }

    @AfterEach
    void stop() {
        if (workers != null) {
            workers.close();
        }
    }

    @Test
    void autoGivesOneWorkerPerCoreAsMemoryAllows() {
        assertThat(BrowserWorkers.auto(1, 960)).as("1 GB droplet, 1 core").isEqualTo(1);
        assertThat(BrowserWorkers.auto(2, 960)).as("1 GB droplet, 2 cores").isEqualTo(1);
        assertThat(BrowserWorkers.auto(1, 1_970)).as("2 GB droplet, 1 core").isEqualTo(1);
        assertThat(BrowserWorkers.auto(2, 1_970)).as("2 GB droplet, 2 cores").isEqualTo(2);
        assertThat(BrowserWorkers.auto(2, 1_300)).as("just room for a second").isEqualTo(2);
        assertThat(BrowserWorkers.auto(16, 64_000)).as("never more than four").isEqualTo(4);
        assertThat(BrowserWorkers.auto(4, 500)).as("tiny machine").isEqualTo(1);
    }

    @Test
    void runsGoToAFreeWorkerFirstInOrder() {
        var w = start(2);
        var first = w.pools().get(0);
        var second = w.pools().get(1);
        assertThat(w.pick()).isSameAs(first);

        var gate = new CompletableFuture<Void>();
        var busy = first.run(contexts -> gate.join());
        assertThat(w.pick()).isSameAs(second);
        gate.complete(null);
        busy.join();
        assertThat(w.pick()).isSameAs(first);
        assertThat(w.status().state()).as("no browser was needed").isEqualTo("STOPPED");
    }

    /** Real Chromium: two runs are inside a page at the same moment, one per worker. */
    @Test
    void twoWorkersRunTwoFlowsAtOnce() {
        var w = start(2);
        var barrier = new CyclicBarrier(2);
        BrowserPool.BrowserTask<String> task = contexts -> {
            var page = contexts.open(new com.microsoft.playwright.Browser.NewContextOptions()).newPage();
            page.setContent("<p>hi</p>");
            try {
                barrier.await(30, TimeUnit.SECONDS); // both tasks must be here together, or this times out
            } catch (Exception e) {
                throw new IllegalStateException("the runs did not overlap", e);
            }
            return Thread.currentThread().getName() + "/" + page.textContent("p");
        };
        var a = w.pick().run(task);
        var b = w.pick().run(task);

        assertThat(a.join()).endsWith("/hi");
        assertThat(b.join()).endsWith("/hi");
        assertThat(w.processes().drivers()).hasSize(2);
        assertThat(w.status().state()).isEqualTo("UP");
        assertThat(w.status().runsSinceLaunch()).isZero();
    }
}
