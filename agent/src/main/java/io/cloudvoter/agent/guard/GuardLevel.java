package io.cloudvoter.agent.guard;

/** How short of resources the machine is, in the order the guard escalates. */
public enum GuardLevel {
    /** Everything under the soft thresholds: runs are admitted. */
    NORMAL,
    /** No new runs until the readings are back under the soft thresholds. */
    SOFT,
    /** In-flight runs finish (bounded), then the browser is recycled; no new runs. */
    HARD,
    /** Graceful shutdown with {@link ResourceGuard#EXIT_CRITICAL}; systemd starts a fresh agent. */
    CRITICAL;

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
