package io.cloudvoter.agent.alerts;

import io.cloudvoter.agent.config.SectionReader;
import io.cloudvoter.agent.guard.GuardLevel;

import java.time.Duration;
import java.util.Locale;

/**
 * The rules' thresholds from {@code cloudvoter.alerts}; every one can be {@code off}.
 *
 * @param failuresInARow    FAILED/ERROR runs of one instance in a row; 0 = off
 * @param successRateBelow  percent; null = off
 * @param successMinRuns    runs (SUCCESS, FAILED, ERROR) a flow needs in the window before its rate counts
 * @param pausedLongerThan  a target's rate-limit pause; zero = off
 * @param browserDownFor    the browser failing to start; zero = off
 * @param guardAt           the lowest guard level that alerts; null = off
 * @param storageCheckEvery how often the data dir and database are probed; zero = off
 * @param storageMinFree    bytes free in the data dir below which it alerts; null = off
 */
record RuleSettings(int failuresInARow, Double successRateBelow, Duration successWindow, int successMinRuns,
                    Duration pausedLongerThan, Duration browserDownFor, GuardLevel guardAt, boolean crashRestart,
                    Duration storageCheckEvery, Double storageMinFree) {

    static RuleSettings read(SectionReader a) {
        int failures = a.integer("failures-in-a-row", 3, 1, 1000, true);
        var rate = a.section("success-rate");
        Double below = rate.percent("below", 80.0, 100).orElse(null);
        var window = rate.duration("window", Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofDays(7));
        int minRuns = rate.integer("min-runs", 10, 1, 100_000);
        var paused = a.duration("paused-longer-than", Duration.ofMinutes(30), Duration.ofSeconds(1), true);
        var browser = a.duration("browser-down-for", Duration.ofMinutes(1), Duration.ofSeconds(1), true);
        GuardLevel guard = GuardLevel.HARD;
        var guardText = a.text("guard-level").orElse("hard").toLowerCase(Locale.ROOT);
        switch (guardText) {
            case "hard" -> guard = GuardLevel.HARD;
            case "critical" -> guard = GuardLevel.CRITICAL;
            case "off", "none", "false" -> guard = null;
            default -> a.problem("guard-level", "'" + guardText + "' is not hard, critical or off");
        }
        boolean crash = a.bool("crash-restart", true);
        var storage = a.section("storage");
        var every = storage.duration("check-every", Duration.ofSeconds(30), Duration.ofMillis(100), true);
        Double minFree = storage.size("min-free", 100.0 * 1024 * 1024).orElse(null);
        return new RuleSettings(failures, below, window, minRuns, paused, browser, guard, crash, every, minFree);
    }
}
