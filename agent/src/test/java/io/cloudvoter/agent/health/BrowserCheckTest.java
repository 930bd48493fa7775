package io.cloudvoter.agent.health;

import io.cloudvoter.agent.testing.FakeClock;
import io.cloudvoter.model.api.BrowserStatus;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;
import io.cloudvoter.model.events.RunFinished;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The readiness verdict on the browser, with a stand-in probe and pool status. */
class BrowserCheckTest {
    static final HealthSettings FAST = new HealthSettings(Duration.ofMinutes(2), Duration.ofMillis(50), Duration.ofSeconds(30));
    static final BrowserStatus UP = new BrowserStatus("UP", "/usr/bin/chromium-headless-shell", "156", null, Instant.now(), 0, 0);

    final AtomicReference<CompletableFuture<Void>> nextProbe = new AtomicReference<>();
    final AtomicInteger probes = new AtomicInteger();
    final AtomicReference<BrowserStatus> status = new AtomicReference<>(UP);
    final AtomicInteger runsInFlight = new AtomicInteger();
    final FakeClock clock = new FakeClock();

    BrowserCheck check() {
        return new BrowserCheck(() -> {
            probes.incrementAndGet();
            return nextProbe.get();
        }, status::get, runsInFlight::get, clock, FAST);
    }

    @Test
    void notReadyUntilTheFirstProbeAnswers() throws Exception {
        var check = check();
        assertThat(check.result().up()).isFalse();
        assertThat(check.result().detail()).contains("first browser probe");
        nextProbe.set(CompletableFuture.completedFuture(null));
        check.cycle();
        assertThat(check.result().up()).isTrue();
    }

    @Test
    void closingWhileAProbeWaitsLogsNoFailure() throws Exception {
        var logged = new java.util.concurrent.CopyOnWriteArrayList<java.util.logging.LogRecord>();
        var logger = java.util.logging.Logger.getLogger(BrowserCheck.class.getName());
        var handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                logged.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            nextProbe.set(new CompletableFuture<>()); // never answers: the cycle waits in get()
            var cycleThread = new AtomicReference<Thread>();
            var check = new BrowserCheck(() -> {
                cycleThread.set(Thread.currentThread());
                return nextProbe.get();
            }, status::get, runsInFlight::get, clock, HealthSettings.DEFAULT).start(); // a 60 s probe timeout
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cycleThread.get() != null);
            // interrupted in get() or just before it (get() checks the flag first): the same way out
            check.close();
            org.awaitility.Awaitility.await("the cycle's thread ends").atMost(Duration.ofSeconds(10))
                    .until(() -> !cycleThread.get().isAlive());
            assertThat(logged).as("an agent stopping mid-probe is no failure").noneMatch(r -> r.getLevel() == java.util.logging.Level.SEVERE);
        } finally {
            logger.removeHandler(handler);
        }
    }

    @Test
    void aFailedProbeIsDownWithItsReason() throws Exception {
        var check = check();
        nextProbe.set(CompletableFuture.failedFuture(new IllegalStateException("cannot start Chromium (/bad): exit 3\ncall log...")));
        check.cycle();
        assertThat(check.result().up()).isFalse();
        assertThat(check.result().detail()).isEqualTo("cannot start Chromium (/bad): exit 3");
    }

    @Test
    void aProbeThatNeverAnswersIsDownWhenNoRunHoldsTheBrowser() throws Exception {
        var check = check();
        nextProbe.set(new CompletableFuture<>());
        check.cycle();
        assertThat(check.result().up()).isFalse();
        assertThat(check.result().detail()).contains("did not open a context");
    }

    @Test
    void aProbeWaitingBehindRunsKeepsTheLastAnswerAndIsNotQueuedTwice() throws Exception {
        var check = check();
        nextProbe.set(CompletableFuture.completedFuture(null));
        check.cycle();
        assertThat(probes.get()).isEqualTo(1);

        check.cycle(); // the proof is fresh: no new probe
        assertThat(probes.get()).isEqualTo(1);

        clock.advance(FAST.browserProbeInterval().plusSeconds(1));
        nextProbe.set(new CompletableFuture<>()); // queued behind a long run on the browser thread
        runsInFlight.set(1);
        check.cycle();
        check.cycle();
        assertThat(probes.get()).as("the waiting probe is reused, not queued again").isEqualTo(2);
        assertThat(check.result().up()).as("the last answer stands").isTrue();

        nextProbe.get().complete(null);
        check.cycle();
        assertThat(check.result().up()).isTrue();
    }

    /**
     * A single browser worker whose first run hangs in a step: the first probe waits behind it for the
     * run's whole timeout. The run's context opening is the proof, so the agent is ready at once.
     */
    @Test
    void aContextOpenedByARunStillInFlightProvesTheBrowserWhileTheFirstProbeWaits() throws Exception {
        var opened = new AtomicReference<Instant>();
        var check = new BrowserCheck(() -> {
            probes.incrementAndGet();
            return nextProbe.get();
        }, status::get, runsInFlight::get, opened::get, clock, FAST);
        nextProbe.set(new CompletableFuture<>()); // queued behind the hanging run
        runsInFlight.set(1);
        check.cycle();
        assertThat(check.result().up()).as("no proof yet").isFalse();

        opened.set(clock.instant());
        assertThat(check.result().up()).as("read by the health request itself, not only by the next cycle").isTrue();

        clock.advance(FAST.browserProbeInterval().plusSeconds(1));
        runsInFlight.set(0);
        check.cycle(); // the proof is stale, the probe still has no answer and no run holds the browser now
        assertThat(check.result().up()).as("an older context does not outweigh a newer verdict").isFalse();
        assertThat(check.result().detail()).contains("did not open a context");
    }

    @Test
    void aRunThatReachedItsPageProvesTheBrowserAndAnErrorDoesNot() {
        var check = check();
        check.offer(finished(Outcome.ERROR));
        assertThat(check.result().up()).isFalse();
        check.offer(finished(Outcome.FAILED));
        assertThat(check.result().up()).isTrue();
    }

    @Test
    void aLaunchFailureSeenByTheBrowserWorkerIsDownAtOnce() throws Exception {
        var check = check();
        nextProbe.set(CompletableFuture.completedFuture(null));
        check.cycle();
        status.set(new BrowserStatus("FAILED", "/bad", null, "cannot start Chromium (/bad): not found", null, 0, 0));
        assertThat(check.result().up()).isFalse();
        assertThat(check.result().detail()).contains("/bad");
    }

    @Test
    void aBrowserClosedForIdlenessIsNotRelaunchedToBeProbed() throws Exception {
        var check = check();
        nextProbe.set(CompletableFuture.completedFuture(null));
        check.cycle();
        status.set(new BrowserStatus("STOPPED", "/usr/bin/chromium-headless-shell", null, "idle", null, 0, 0));
        clock.advance(FAST.browserProbeInterval().multipliedBy(10));
        check.cycle();
        assertThat(probes.get()).as("no launch just to probe").isEqualTo(1);
        assertThat(check.result().up()).isTrue();

        status.set(UP); // a run started it again: probing resumes once the proof is old
        check.cycle();
        assertThat(probes.get()).isEqualTo(2);
    }

    @Test
    void aStoppedBrowserThatNeverProvedItselfIsProbed() throws Exception {
        status.set(new BrowserStatus("STOPPED", "/usr/bin/chromium-headless-shell", null, null, null, 0, 0));
        var check = check();
        nextProbe.set(CompletableFuture.completedFuture(null));
        check.cycle();
        assertThat(probes.get()).isEqualTo(1);
        assertThat(check.result().up()).isTrue();
    }

    static RunFinished finished(Outcome outcome) {
        return new RunFinished(1, Instant.now(), new RunRecord(1, "a", "f", outcome, Instant.now(), 10L, "m", null, null));
    }
}
