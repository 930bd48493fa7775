package io.cloudvoter.agent.run;

import io.cloudvoter.agent.schedule.RunLauncher;
import io.cloudvoter.model.api.RunRecord;

import java.util.concurrent.CompletableFuture;

/** A run handed to the browser: its request, its row once written, and an abort flag read between steps. */
final class Run implements RunLauncher.RunHandle {
    final RunLauncher.RunRequest request;
    private final CompletableFuture<RunLauncher.RunResult> result = new CompletableFuture<>();
    private volatile RunRecord record;
    private volatile String abortReason;

    Run(RunLauncher.RunRequest request) {
        this.request = request;
    }

    void started(RunRecord record) {
        this.record = record;
    }

    RunRecord record() {
        return record;
    }

    String abortReason() {
        return abortReason;
    }

    boolean aborted() {
        return abortReason != null;
    }

    void complete(RunLauncher.RunResult r) {
        result.complete(r);
    }

    @Override
    public CompletableFuture<RunLauncher.RunResult> result() {
        return result;
    }

    @Override
    public void abort(String reason) {
        abortReason = reason;
    }
}
