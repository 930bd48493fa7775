package io.cloudvoter.model.api;

/** How a run ended; {@code RUNNING} while it has not. */
public enum Outcome {
    RUNNING,
    /** The flow completed and the target confirmed it. */
    SUCCESS,
    /** The flow ran but the target said no (failure pattern, missing element, no success text). */
    FAILED,
    /** The target asked us to slow down; every instance of that target pauses until the retry time. */
    RATE_LIMITED,
    /** Something on our side went wrong: browser crash, run timeout, unexpected exception. */
    ERROR,
    /** The agent stopped (or was killed) while the run was in flight. */
    INTERRUPTED;

    public boolean isFinal() {
        return this != RUNNING;
    }
}
