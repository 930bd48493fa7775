package io.cloudvoter.agent.history;

import io.cloudvoter.model.api.RunRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.cloudvoter.model.api.Outcome.INTERRUPTED;
import static io.cloudvoter.model.api.Outcome.RUNNING;
import static io.cloudvoter.model.api.Outcome.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class RunStoreCrashTest {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    static final Clock LATER = Clock.fixed(T0.plusSeconds(90), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void aRunLeftByAnAbandonedConnectionIsInterruptedOnTheNextOpen() {
        var file = dir.resolve("runs.db");
        var abandoned = Database.open(file);
        try {
            var first = new RunStore(abandoned, LATER);
            var done = first.finish(first.start("alpha", "vote", T0).id(), SUCCESS, 500, "ok", 1.0, "a.png");
            var left = first.start("alpha", "vote", T0.plusSeconds(30));

            try (var reopened = Database.open(file)) {
                var store = new RunStore(reopened, LATER);

                assertThat(store.interruptLeftovers("agent restarted")).isEqualTo(1);
                assertThat(store.find(left.id()).orElseThrow())
                        .extracting(RunRecord::outcome, RunRecord::durationMs, RunRecord::message)
                        .containsExactly(INTERRUPTED, 60_000L, "agent restarted");
                assertThat(store.find(done.id())).contains(done);
            }
        } finally {
            abandoned.close();
        }
    }

    @Test
    void aRunLeftWhenTheDatabaseWasClosedMidRunIsInterruptedAfterReopening() {
        var file = dir.resolve("runs.db");
        long id;
        try (var db = Database.open(file)) {
            id = new RunStore(db, LATER).start("alpha", "vote", T0).id();
        }

        try (var db = Database.open(file)) {
            var store = new RunStore(db, LATER);
            assertThat(store.find(id).orElseThrow().outcome()).isEqualTo(RUNNING);
            assertThat(store.interruptLeftovers("agent restarted")).isEqualTo(1);
            assertThat(store.find(id).orElseThrow().outcome()).isEqualTo(INTERRUPTED);
        }
    }

    @Test
    void aRunInFlightWhenTheJvmIsKilledIsFoundAndInterrupted() throws Exception {
        var file = dir.resolve("runs.db");
        var command = io.cloudvoter.agent.testing.ChildJvm.command(CrashingAgent.class.getName());
        command.add(file.toString());
        var child = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .start();
        var output = new CopyOnWriteArrayList<String>();
        long runId;
        try {
            runId = CompletableFuture.supplyAsync(() -> awaitStarted(child, output))
                    .get(60, TimeUnit.SECONDS);
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child exited").isTrue();
        }
        assertThat(child.exitValue()).as("killed, not exited: %s", output).isEqualTo(137);

        try (var db = Database.open(file)) {
            var store = new RunStore(db, Clock.systemUTC());
            assertThat(store.find(runId).orElseThrow().outcome()).isEqualTo(RUNNING);

            assertThat(store.interruptLeftovers("agent was killed")).isEqualTo(1);

            assertThat(store.query(RunQuery.newest()))
                    .extracting(RunRecord::id, RunRecord::outcome, RunRecord::message)
                    .containsExactly(
                            tuple(runId, INTERRUPTED, "agent was killed"),
                            tuple(runId - 1, SUCCESS, "finished before the crash"));
        }
    }

    private static long awaitStarted(Process child, List<String> output) {
        try (var lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (var line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                if (line.startsWith("started ")) {
                    return Long.parseLong(line.substring("started ".length()));
                }
            }
            throw new AssertionError("child ended without starting a run: " + output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
