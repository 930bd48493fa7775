package io.cloudvoter.agent.run;

import io.cloudvoter.agent.browser.BrowserWorker;
import io.cloudvoter.agent.schedule.RunLauncher;
import io.cloudvoter.model.api.RunRecord;

import java.util.concurrent.CompletableFuture;

/**
 * A run handed to the browser: its request, its row once written, and an abort flag read between
 * steps. An abort while the run is in its steps also cuts its browser session, so a long step ends
 * at once instead of at its own timeout.
 */
final class Run implements RunLauncher.RunHandle {
    final RunLauncher.RunRequest request;
    private final CompletableFuture<RunLauncher.RunResult> result = new CompletableFuture<>();
    private volatile RunRecord record;
    private volatile String abortReason;
    private volatile BrowserWorker.Session inSteps;

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

    /** The run's steps start on {@code session}: from now on an abort cuts it. */
    void stepsStart(BrowserWorker.Session session) {
        inSteps = session;
        var reason = abortReason;
        if (reason != null) {
            session.cut(reason);
        }
    }

    /** The steps are over (the outcome is read): an abort no longer cuts, so a finished run is recorded as it ended. */
    void stepsEnd() {
        inSteps = null;
    }

    /** The session while the run is in its steps, else null. */
    BrowserWorker.Session inSteps() {
        return inSteps;
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
        var session = inSteps;
        if (session != null) {
            session.cut(reason);
        }
    }
}
