package io.cloudvoter.agent.schedule;

import io.cloudvoter.agent.history.InstanceCounters;
import io.cloudvoter.model.api.InstanceState;
import io.cloudvoter.model.api.InstanceStatus;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;

import java.time.Duration;
import java.time.Instant;

/** The scheduler's working state for one instance. Mutable; only touched under the scheduler's lock. */
final class InstanceEntry {
    final String id;
    final String source;
    String flow;
    Duration cooldown;
    boolean enabled;
    Instant nextRunAt;
    java.util.Map<String, String> vars;
    /** The next run is attempt {@code nextAttempt} of run {@code retryOf} (1 and null: not a retry). */
    int nextAttempt = 1;
    Long retryOf;
    /** Runs in a row that ended FAILED or ERROR (after their retries): they stretch the cooldown. */
    int failuresInARow;
    /** Why the next run is not one cooldown away, for the operator; null when it is. */
    String nextRunWhy;

    RunLauncher.RunHandle running;
    boolean launching;
    /** An operator asked for a run now (run-now or restart); honoured even while monitoring is stopped. */
    String forced;
    boolean restartAfterRun;

    long runs;
    long successes;
    long failures;
    long rateLimited;
    Outcome lastOutcome;
    String lastMessage;
    Instant lastRunAt;
    Double lastExtracted;

    InstanceState publishedState;
    /** While its row is being written (an instance just added): completes when it is stored. */
    java.util.concurrent.CompletableFuture<Void> storing;

    InstanceEntry(StoredInstance stored) {
        this.id = stored.id();
        this.source = stored.source();
        this.flow = stored.flow();
        this.cooldown = stored.cooldown();
        this.enabled = stored.enabled();
        this.nextRunAt = stored.nextRunAt();
        this.vars = stored.vars();
    }

    boolean busy() {
        return running != null || launching;
    }

    void loadCounters(InstanceCounters c) {
        runs = c.runs();
        successes = c.successes();
        failures = c.failures();
        rateLimited = c.rateLimited();
        if (c.last() != null) {
            remember(c.last());
        }
    }

    void count(RunRecord r) {
        runs++;
        switch (r.outcome()) {
            case SUCCESS -> successes++;
            case FAILED, ERROR -> failures++;
            case RATE_LIMITED -> rateLimited++;
            default -> {
            }
        }
        remember(r);
    }

    private void remember(RunRecord r) {
        lastOutcome = r.outcome();
        lastMessage = r.message();
        lastRunAt = r.startedAt();
        if (r.extracted() != null) {
            lastExtracted = r.extracted();
        }
    }

    StoredInstance stored() {
        return new StoredInstance(id, flow, cooldown, enabled, source, nextRunAt, vars);
    }

    InstanceStatus status(InstanceState state, Duration effectiveCooldown, Instant pausedUntil, boolean hasStorageState,
                          java.util.List<String> secretNames, String problem) {
        return new InstanceStatus(id, flow, source, enabled, effectiveCooldown, state, lastOutcome, lastMessage,
                lastRunAt, nextRunAt, pausedUntil, lastExtracted, runs, successes, failures, rateLimited, hasStorageState,
                vars, secretNames, problem, nextRunWhy);
    }
}
