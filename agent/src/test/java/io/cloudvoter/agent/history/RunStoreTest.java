package io.cloudvoter.agent.history;

import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static io.cloudvoter.model.api.Outcome.ERROR;
import static io.cloudvoter.model.api.Outcome.FAILED;
import static io.cloudvoter.model.api.Outcome.INTERRUPTED;
import static io.cloudvoter.model.api.Outcome.RATE_LIMITED;
import static io.cloudvoter.model.api.Outcome.RUNNING;
import static io.cloudvoter.model.api.Outcome.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunStoreTest {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    static final Instant NOW = T0.plus(Duration.ofHours(1));

    @TempDir
    Path dir;
    Database db;
    RunStore store;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("runs.db"));
        store = new RunStore(db, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void finishedRunReadsBackWithEveryField() {
        var started = store.start("alpha", "vote", T0.plusMillis(123));

        assertThat(started.id()).isPositive();
        assertThat(started.outcome()).isEqualTo(RUNNING);
        assertThat(store.find(started.id())).contains(started);

        var finished = store.finish(started.id(), FAILED, 4_321, "no success text", -17.5, "run-1.png");

        var expected = new RunRecord(started.id(), "alpha", "vote", FAILED, T0.plusMillis(123), 4_321L,
                "no success text", -17.5, "run-1.png");
        assertThat(finished).isEqualTo(expected);
        assertThat(store.find(started.id())).contains(expected);
    }

    @Test
    void startTimeIsKeptToTheMillisecond() {
        var started = store.start("alpha", "vote", T0.plusNanos(1_234_567));

        assertThat(started.startedAt()).isEqualTo(T0.plusMillis(1));
        assertThat(store.find(started.id()).orElseThrow().startedAt()).isEqualTo(T0.plusMillis(1));
    }

    @Test
    void finishingTwiceIsRefusedAndKeepsTheFirstOutcome() {
        long id = store.start("alpha", "vote", T0).id();
        store.finish(id, SUCCESS, 10, "first", 1.0, null);

        assertThatThrownBy(() -> store.finish(id, FAILED, 20, "second", null, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("run " + id)
                .hasMessageContaining("SUCCESS");
        assertThat(store.find(id).orElseThrow())
                .extracting(RunRecord::outcome, RunRecord::message, RunRecord::durationMs)
                .containsExactly(SUCCESS, "first", 10L);
    }

    @Test
    void finishingARunMarkedInterruptedIsRefused() {
        long id = store.start("alpha", "vote", T0).id();
        store.interruptLeftovers("agent stopping");

        assertThatThrownBy(() -> store.finish(id, SUCCESS, 10, null, null, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("INTERRUPTED");
    }

    @Test
    void finishingAnUnknownRunOrWithRunningIsRejected() {
        long id = store.start("alpha", "vote", T0).id();

        assertThatThrownBy(() -> store.finish(id + 1, SUCCESS, 10, null, null, null))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("run " + (id + 1));
        assertThatThrownBy(() -> store.finish(id, RUNNING, 10, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.find(id).orElseThrow().outcome()).isEqualTo(RUNNING);
    }

    @Test
    void longMessagesAreCutTo2000Characters() {
        long id = store.start("alpha", "vote", T0).id();
        long exact = store.start("alpha", "vote", T0).id();

        var message = store.finish(id, ERROR, 1, "x".repeat(5_000), null, null).message();
        var kept = store.finish(exact, ERROR, 1, "y".repeat(2_000), null, null).message();

        assertThat(message).hasSize(2_000).startsWith("xxx").endsWith("…");
        assertThat(kept).isEqualTo("y".repeat(2_000));
    }

    @Test
    void queryFiltersByInstanceOutcomeAndStartNewestFirst() {
        var a1 = finished("a", SUCCESS, T0);
        var b1 = finished("b", FAILED, T0.plusSeconds(10));
        var a2 = finished("a", FAILED, T0.plusSeconds(20));
        var a3 = store.start("a", "vote", T0.plusSeconds(30));

        assertThat(ids(new RunQuery(null, null, null, null, 0))).containsExactly(a3.id(), a2.id(), b1.id(), a1.id());
        assertThat(ids(new RunQuery("a", null, null, null, 0))).containsExactly(a3.id(), a2.id(), a1.id());
        assertThat(ids(new RunQuery(null, FAILED, null, null, 0))).containsExactly(a2.id(), b1.id());
        assertThat(ids(new RunQuery("a", FAILED, null, null, 0))).containsExactly(a2.id());
        assertThat(ids(new RunQuery(null, null, T0.plusSeconds(10), null, 0))).containsExactly(a3.id(), a2.id(), b1.id());
        assertThat(ids(new RunQuery("nobody", null, null, null, 0))).isEmpty();
    }

    @Test
    void beforeIdPagesThroughEveryRunOnce() {
        var all = IntStream.range(0, 25).mapToObj(i -> finished("a", SUCCESS, T0.plusSeconds(i)).id()).toList().reversed();

        var seen = new ArrayList<Long>();
        var q = new RunQuery("a", null, null, null, 10);
        for (var page = store.query(q); !page.isEmpty(); page = store.query(q.withBeforeId(page.getLast().id()))) {
            assertThat(page.size()).isLessThanOrEqualTo(10);
            page.forEach(r -> seen.add(r.id()));
        }

        assertThat(seen).containsExactlyElementsOf(all);
    }

    @Test
    void limitIsClampedToOneThousandAndDefaultsToOneHundred() {
        seed(1_005);

        assertThat(store.query(RunQuery.newest().withLimit(5_000))).hasSize(1_000);
        assertThat(store.query(RunQuery.newest().withLimit(1_000))).hasSize(1_000);
        assertThat(store.query(RunQuery.newest().withLimit(0))).hasSize(100);
        assertThat(store.query(RunQuery.newest().withLimit(-3))).hasSize(100);
        assertThat(store.query(RunQuery.newest().withLimit(1))).hasSize(1);
    }

    @Test
    void leftoversBecomeInterruptedWithTheTimeTheyRanSoFar() {
        var done = finished("a", SUCCESS, T0);
        var left = store.start("a", "vote", T0.plusSeconds(60));
        var other = store.start("b", "vote", NOW.minusMillis(250));

        assertThat(store.interruptLeftovers("agent restarted")).isEqualTo(2);

        assertThat(store.find(left.id()).orElseThrow())
                .extracting(RunRecord::outcome, RunRecord::durationMs, RunRecord::message)
                .containsExactly(INTERRUPTED, Duration.ofMinutes(59).toMillis(), "agent restarted");
        assertThat(store.find(other.id()).orElseThrow().durationMs()).isEqualTo(250L);
        assertThat(store.find(done.id())).contains(done);
        assertThat(store.interruptLeftovers("again")).isZero();
    }

    @Test
    void countersSplitOutcomesAndNameTheNewestRun() {
        finished("a", SUCCESS, T0);
        finished("a", SUCCESS, T0);
        finished("a", FAILED, T0);
        finished("a", ERROR, T0);
        finished("a", RATE_LIMITED, T0);
        finished("a", INTERRUPTED, T0);
        var running = store.start("a", "vote", T0);
        var onlyB = finished("b", ERROR, T0);

        var a = new InstanceCounters(6, 2, 2, 1, running);
        var b = new InstanceCounters(1, 0, 1, 0, onlyB);
        assertThat(store.counters()).containsExactly(Map.entry("a", a), Map.entry("b", b));
        assertThat(store.counters("a")).isEqualTo(a);
        assertThat(store.counters("b")).isEqualTo(b);
        assertThat(store.counters("nobody")).isEqualTo(InstanceCounters.NONE);
    }

    @Test
    void probeWriteCommitsAHeartbeat() {
        store.probeWrite();

        long beat = db.read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT beat_at FROM heartbeat")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(beat).isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void probeWriteReportsALockedDatabaseWithTheReason() throws Exception {
        var file = dir.resolve("runs.db");
        try (var impatient = Database.open(file, Migrations.current(), Duration.ofMillis(50));
             var other = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            other.createStatement().execute("BEGIN IMMEDIATE");

            assertThatThrownBy(() -> new RunStore(impatient, Clock.systemUTC()).probeWrite())
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("probe")
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("locked");
            other.createStatement().execute("ROLLBACK");
        }
    }

    @Test
    void virtualThreadsShareTheStoreWithoutLosingRuns() throws Exception {
        var done = new ArrayList<Future<?>>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 8; t++) {
                var instance = "i" + t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        var run = store.start(instance, "vote", T0);
                        store.finish(run.id(), SUCCESS, i, null, (double) i, null);
                    }
                    return null;
                }));
            }
        }
        for (var f : done) {
            f.get(30, TimeUnit.SECONDS);
        }

        var counters = store.counters();
        assertThat(counters).hasSize(8);
        assertThat(counters.values()).allSatisfy(c -> assertThat(c.successes()).isEqualTo(50));
    }

    private RunRecord finished(String instance, Outcome outcome, Instant at) {
        var run = store.start(instance, "vote", at);
        return store.finish(run.id(), outcome, 1_000, outcome.name().toLowerCase(), null, null);
    }

    private void seed(int runs) {
        for (int i = 0; i < runs; i++) {
            store.start("a", "vote", T0.plusSeconds(i));
        }
    }

    private List<Long> ids(RunQuery q) {
        return store.query(q).stream().map(RunRecord::id).toList();
    }
}
