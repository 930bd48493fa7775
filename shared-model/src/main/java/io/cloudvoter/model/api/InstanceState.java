package io.cloudvoter.model.api;

/** What an instance is doing right now, as the scheduler sees it. */
public enum InstanceState {
    /** Enabled, waiting for its next run time. */
    SCHEDULED,
    /** Due, waiting for a free run slot (or for the resource guard to admit new runs). */
    QUEUED,
    RUNNING,
    /** Its target answered with a rate limit; it waits until the retry time. */
    PAUSED,
    /** Monitoring is stopped: nothing runs unless asked to. */
    STOPPED,
    DISABLED,
    /** Its flow is missing or failed validation. */
    INVALID
}
