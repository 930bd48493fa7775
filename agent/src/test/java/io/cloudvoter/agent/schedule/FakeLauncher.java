package io.cloudvoter.agent.schedule;

import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Records what the scheduler launches; the test decides when and how each run ends. */
final class FakeLauncher implements RunLauncher {
    final List<Launched> launched = new ArrayList<>();
    private final Clock clock;
    private long ids;

    FakeLauncher(Clock clock) {
        this.clock = clock;
    }

    final class Launched implements RunHandle {
        final RunRequest request;
        final CompletableFuture<RunResult> result = new CompletableFuture<>();
        final Instant at = clock.instant();
        String abortedBecause;

        Launched(RunRequest request) {
            this.request = request;
        }

        @Override
        public CompletableFuture<RunResult> result() {
            return result;
        }

        @Override
        public void abort(String reason) {
            abortedBecause = reason;
        }

        void finish(Outcome outcome) {
            finish(outcome, null);
        }

        void finish(Outcome outcome, Instant retryAt) {
            var record = new RunRecord(++ids, request.instanceId(), request.flow().name(), outcome, at, 1L, null, null, null);
            result.complete(new RunResult(record, outcome, retryAt));
        }
    }

    @Override
    public RunHandle launch(RunRequest request) {
        var l = new Launched(request);
        launched.add(l);
        return l;
    }

    List<String> ids() {
        return launched.stream().map(l -> l.request.instanceId()).toList();
    }

    Launched last(String instanceId) {
        return launched.stream().filter(l -> l.request.instanceId().equals(instanceId)).reduce((a, b) -> b).orElseThrow();
    }
}
