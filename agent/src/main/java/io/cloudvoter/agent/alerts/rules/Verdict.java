package io.cloudvoter.agent.alerts.rules;

import io.cloudvoter.model.api.AlertSeverity;

/**
 * What a rule says about one alert key now: it holds ({@link #firing}) or it is over ({@link #clear}).
 * A key a rule says nothing about keeps its state.
 */
public record Verdict(String key, boolean firing, AlertSeverity severity, String message, String instanceId, String flow) {

    public static Verdict firing(String key, AlertSeverity severity, String message, String instanceId, String flow) {
        return new Verdict(key, true, severity, message, instanceId, flow);
    }

    public static Verdict clear(String key, String message) {
        return new Verdict(key, false, null, message, null, null);
    }
}
