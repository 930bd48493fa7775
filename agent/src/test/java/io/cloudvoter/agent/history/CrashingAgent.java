package io.cloudvoter.agent.history;

import io.cloudvoter.model.api.Outcome;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * Run in a child JVM by {@link RunStoreCrashTest}: records one finished run and one running run,
 * says so, then waits to be killed mid-run.
 */
public final class CrashingAgent {
    private CrashingAgent() {
    }

    public static void main(String[] args) throws InterruptedException {
        var db = Database.open(Path.of(args[0]));
        var store = new RunStore(db, Clock.systemUTC());
        var done = store.start("alpha", "vote", Instant.parse("2025-03-01T10:00:00Z"));
        store.finish(done.id(), Outcome.SUCCESS, 1_000, "finished before the crash", 7.0, null);
        var running = store.start("alpha", "vote", Instant.now());
        System.out.println("started " + running.id());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
