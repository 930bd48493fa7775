package io.cloudvoter.model.api;

/** Answer of the monitoring start/stop calls. */
public record MonitoringState(boolean monitoring) {
}
