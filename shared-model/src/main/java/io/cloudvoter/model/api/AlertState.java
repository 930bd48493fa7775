package io.cloudvoter.model.api;

/** An alert is open while its condition holds, then resolved; the same key may open again later as a new alert. */
public enum AlertState {
    OPEN,
    RESOLVED
}
