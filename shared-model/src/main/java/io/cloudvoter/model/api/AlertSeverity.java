package io.cloudvoter.model.api;

/** How urgent an alert is; a channel takes the severities it is configured for. */
public enum AlertSeverity {
    INFO,
    WARNING,
    CRITICAL;

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
