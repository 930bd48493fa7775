package io.cloudvoter.agent.guard;

import java.util.concurrent.CompletableFuture;

/** What the guard can make the rest of the agent do. The agent wires the real parts; tests record the calls. */
public interface GuardResponses {

    /** Closes the browser (and its driver) once the runs in hand end; completes when it is closed. */
    CompletableFuture<?> recycleBrowser(String reason);

    /** Asks every run in flight to stop at its next step; each ends {@code INTERRUPTED}. */
    void interruptRuns(String reason);

    /** Stops the agent gracefully and ends the process with {@code exitCode}; returns at once. */
    void shutdown(int exitCode, String reason);
}
