package io.cloudvoter.agent.alerts;

import io.cloudvoter.agent.config.SectionReader;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * {@code cloudvoter.alerts}: whether alerting runs, its rules, how often an open alert is repeated,
 * how notifications are retried, the maintenance windows and the channels (plus the one
 * {@code CLOUDVOTER_ALERT_WEBHOOK} adds).
 *
 * @param repeat        an open alert is notified again at most this often; zero = never
 * @param evaluateEvery how often the time-based rules (pauses, browser, storage) are looked at
 * @param history       resolved alerts and finished deliveries are kept this long
 */
public record AlertSettings(boolean enabled, Duration repeat, Duration evaluateEvery, Duration history, RuleSettings rules,
                            Delivering delivery, List<MaintenanceWindow> maintenance, List<ChannelSettings> channels) {

    /**
     * @param expireAfter  a notification not delivered by then is given up
     * @param retryInitial the wait after the first failed try; it doubles with every try (with jitter) up to {@code retryMax}
     */
    public record Delivering(Duration expireAfter, Duration retryInitial, Duration retryMax) {
    }

    /** Reads {@code cloudvoter.alerts} (and {@code CLOUDVOTER_ALERT_WEBHOOK}); problems go to the reader's list. */
    public static AlertSettings read(SectionReader alerts) {
        boolean enabled = alerts.bool("enabled", true);
        var repeat = alerts.duration("repeat", Duration.ofHours(1), Duration.ofSeconds(1), true);
        var every = alerts.duration("evaluate-every", Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMinutes(5));
        var history = alerts.duration("history", Duration.ofDays(30), Duration.ofHours(1), Duration.ofDays(3650));
        var rules = RuleSettings.read(alerts);
        var d = alerts.section("delivery");
        var delivery = new Delivering(
                d.duration("expire-after", Duration.ofHours(24), Duration.ofSeconds(1), Duration.ofDays(30)),
                d.duration("retry-initial", Duration.ofSeconds(10), Duration.ofMillis(10), Duration.ofHours(1)),
                d.duration("retry-max", Duration.ofMinutes(10), Duration.ofMillis(10), Duration.ofDays(1)));
        var windows = new ArrayList<MaintenanceWindow>();
        for (var entry : alerts.entries("maintenance")) {
            var w = MaintenanceWindow.read(entry, entry.list("days"), ZoneId.systemDefault());
            if (w != null) {
                windows.add(w);
            }
        }
        var channels = new ArrayList<ChannelSettings>();
        ChannelSettings.fromEnvironment(alerts).ifPresent(channels::add);
        var names = new HashSet<String>();
        channels.forEach(c -> names.add(c.name()));
        for (var entry : alerts.entries("channels")) {
            var c = ChannelSettings.read(entry);
            if (c == null) {
                continue;
            }
            if (!names.add(c.name())) {
                entry.problem("name", "'" + c.name() + "' is used twice" + (c.name().equals(ChannelSettings.ENV_NAME)
                        ? " (CLOUDVOTER_ALERT_WEBHOOK adds a channel of that name)" : ""));
                continue;
            }
            channels.add(c);
        }
        return new AlertSettings(enabled, repeat, every, history, rules, delivery, List.copyOf(windows), List.copyOf(channels));
    }
}
