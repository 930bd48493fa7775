package io.cloudvoter.desktop.testing;

import io.cloudvoter.model.Protocol;
import io.cloudvoter.model.api.AgentInfo;
import io.cloudvoter.model.api.BrowserStatus;
import io.cloudvoter.model.api.InstanceState;
import io.cloudvoter.model.api.InstanceStatus;
import io.cloudvoter.model.api.LogLine;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.ResourceSample;
import io.cloudvoter.model.api.RunRecord;
import io.cloudvoter.model.events.Snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Realistic protocol records for tests. */
public final class Fixtures {
    public static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    public static final AgentInfo AGENT = new AgentInfo("droplet-1", "0.1.0", Protocol.VERSION, "droplet-1",
            Instant.parse("2026-11-27T08:00:00Z"), 4242);

    private Fixtures() {
    }

    public static InstanceStatus instance(String id, InstanceState state, long successes, long failures) {
        return new InstanceStatus(id, "demo-vote", "config", state != InstanceState.DISABLED, Duration.ofSeconds(10), state,
                successes > 0 ? Outcome.SUCCESS : null, successes > 0 ? "Thanks for voting!" : null,
                successes > 0 ? T0.minusSeconds(30) : null, T0.plusSeconds(10), null, null,
                successes + failures, successes, failures, 0, false);
    }

    public static RunRecord run(long id, String instance, Outcome outcome, Instant startedAt) {
        return new RunRecord(id, instance, "demo-vote", outcome, startedAt, 840L,
                switch (outcome) {
                    case SUCCESS -> "Thanks for voting!";
                    case FAILED -> "Voting is closed";
                    case RATE_LIMITED -> "Too many votes. Try again in 42 seconds.";
                    default -> "browser failure";
                }, outcome == Outcome.SUCCESS ? 18.0 : null, outcome == Outcome.FAILED ? "run-" + id + ".png" : null);
    }

    public static LogLine log(Instant time, String level, String instance, String message) {
        return new LogLine(time, level, "io.cloudvoter.agent.run.RunExecutor", instance, message);
    }

    public static ResourceSample sample(Instant time, double cpu, long agentMb, long browserMb) {
        long mb = 1024L * 1024;
        return new ResourceSample(time, cpu, 2048 * mb, 900 * mb, cpu / 3, agentMb * mb, browserMb * mb, 6, null, null);
    }

    public static Snapshot snapshot(long seq, List<InstanceStatus> instances, List<LogLine> logs) {
        return new Snapshot(seq, T0, Protocol.VERSION, AGENT, true, 1,
                new BrowserStatus("UP", "/usr/bin/chromium-headless-shell", "156", null, T0, 0, 3),
                instances, List.of(), List.of(sample(T0, 12, 60, 300)), List.of(), logs);
    }
}
