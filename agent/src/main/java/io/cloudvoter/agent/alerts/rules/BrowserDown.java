package io.cloudvoter.agent.alerts.rules;

import io.cloudvoter.agent.config.Durations;
import io.cloudvoter.model.api.AlertSeverity;
import io.cloudvoter.model.api.BrowserStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The browser failing to launch for longer than {@code downFor}: from the first {@code FAILED}
 * seen, through relaunch attempts ({@code STARTING}), until it is {@code UP} again or closed
 * ({@code STOPPED}, e.g. idle) without a failure.
 */
public final class BrowserDown implements AlertRule {
    public static final String NAME = "browser-down";

    private final Duration downFor;
    private final Supplier<BrowserStatus> browser;
    private Instant failingSince;
    private String detail;

    public BrowserDown(Duration downFor, Supplier<BrowserStatus> browser) {
        this.downFor = downFor;
        this.browser = browser;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Verdict> evaluate(Instant now, Set<String> open) {
        var status = browser.get();
        String state = status == null ? "UNKNOWN" : status.state();
        switch (state) {
            case "FAILED" -> {
                failingSince = failingSince == null ? now : failingSince;
                detail = status.detail();
            }
            case "STARTING" -> {
            }
            default -> {
                if (failingSince != null || !open.isEmpty()) {
                    failingSince = null;
                    return List.of(Verdict.clear(NAME, "the browser is " + state.toLowerCase() + " again"));
                }
                return List.of();
            }
        }
        if (failingSince != null && Duration.between(failingSince, now).compareTo(downFor) > 0) {
            return List.of(Verdict.firing(NAME, AlertSeverity.CRITICAL, "the browser has failed to start since " + failingSince
                    + " (more than " + Durations.format(downFor) + ")" + (detail == null ? "" : ": " + detail), null, null));
        }
        return List.of();
    }
}
