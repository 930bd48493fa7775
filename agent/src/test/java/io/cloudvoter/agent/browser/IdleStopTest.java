package io.cloudvoter.agent.browser;

import io.cloudvoter.agent.testing.FakeClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Real Chromium: an idle pool gives its browser and driver back and starts them again for the next run. */
class IdleStopTest {
    /** Shared by the class: Playwright unpacks its driver once per JVM and keeps using that copy. */
    @TempDir
    static Path tmp;
    private final FakeClock clock = new FakeClock();
    private BrowserPool pool;

    @BeforeEach
    void start() {
        var executable = BrowserSettings.locate(java.util.Optional.empty()).orElseThrow();
        pool = new BrowserPool(new BrowserSettings(executable, List.of(), tmp), clock);
    }

    @AfterEach
    void stop() {
        pool.close();
    }

    @Test
    void stopsBrowserAndDriverOnlyOnceIdleLongEnough() {
        pool.probe().join();
        var processes = pool.processes().all();
        assertThat(processes).hasSizeGreaterThan(1);

        clock.advance(Duration.ofSeconds(59));
        assertThat(pool.stopIfIdle(Duration.ofSeconds(60)).join()).isFalse();
        assertThat(pool.status().state()).isEqualTo("UP");

        clock.advance(Duration.ofSeconds(1));
        assertThat(pool.stopIfIdle(Duration.ofSeconds(60)).join()).isTrue();
        assertThat(pool.status().state()).isEqualTo("STOPPED");
        assertThat(pool.processes().all()).isEmpty();
        processes.forEach(p -> p.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join());
        assertThat(pool.restarts()).isZero();
    }

    @Test
    void theNextRunStartsThemAgain() {
        pool.probe().join();
        clock.advance(Duration.ofMinutes(5));
        assertThat(pool.stopIfIdle(Duration.ofSeconds(60)).join()).isTrue();

        pool.probe().join();
        assertThat(pool.status().state()).isEqualTo("UP");
        assertThat(pool.processes().browsers()).isNotEmpty();
        assertThat(pool.stopIfIdle(Duration.ofSeconds(60)).join()).as("just used").isFalse();
    }

    @Test
    void aRunWaitingForTheBrowserThreadKeepsItUp() {
        pool.probe().join();
        clock.advance(Duration.ofMinutes(5));
        var gate = new CompletableFuture<Void>();
        var busy = pool.run(contexts -> gate.join()); // occupies the browser thread
        var queued = pool.probe();
        var stop = pool.stopIfIdle(Duration.ofSeconds(60)); // queued behind both
        gate.complete(null);
        busy.join();
        queued.join();
        assertThat(stop.join()).isFalse();
        assertThat(pool.status().state()).isEqualTo("UP");
    }

    @Test
    void stoppingAnUnstartedPoolDoesNothing() {
        clock.advance(Duration.ofMinutes(5));
        assertThat(pool.stopIfIdle(Duration.ofSeconds(60)).join()).isFalse();
    }
}
