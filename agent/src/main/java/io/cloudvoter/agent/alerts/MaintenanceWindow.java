package io.cloudvoter.agent.alerts;

import io.cloudvoter.agent.config.SectionReader;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A recurring time when alerts in {@code scope} are recorded but not sent: {@code from}–{@code to}
 * on {@code days} (every day when empty) in {@code zone}. A window whose end is before its start
 * runs past midnight and belongs to the day it starts on.
 */
record MaintenanceWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone, Scope scope) {

    /** When the window that covers {@code now} ends, if one does. */
    Optional<Instant> endIfActive(Instant now) {
        var local = now.atZone(zone);
        var time = local.toLocalTime();
        var date = local.toLocalDate();
        if (from.isBefore(to)) {
            boolean in = onDay(date.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(to);
            return in ? Optional.of(date.atTime(to).atZone(zone).toInstant()) : Optional.empty();
        }
        if (!time.isBefore(from) && onDay(date.getDayOfWeek())) {
            return Optional.of(date.plusDays(1).atTime(to).atZone(zone).toInstant());
        }
        if (time.isBefore(to) && onDay(date.minusDays(1).getDayOfWeek())) {
            return Optional.of(date.atTime(to).atZone(zone).toInstant());
        }
        return Optional.empty();
    }

    private boolean onDay(DayOfWeek day) {
        return days.isEmpty() || days.contains(day);
    }

    @Override
    public String toString() {
        return (days.isEmpty() ? "daily" : String.join(",", days.stream().map(d -> d.name().substring(0, 3).toLowerCase(Locale.ROOT)).toList()))
                + " " + from + "–" + to + " " + zone.getId() + " (" + scope + ")";
    }

    /** Reads one entry of {@code cloudvoter.alerts.maintenance}; null (with problems noted) when it is wrong. */
    static MaintenanceWindow read(SectionReader entry, List<String> dayNames, ZoneId defaultZone) {
        var days = EnumSet.noneOf(DayOfWeek.class);
        for (var name : dayNames) {
            var day = day(name);
            if (day == null) {
                entry.problem("days", "'" + name + "' is not a day (write mon, tue, wed, thu, fri, sat or sun)");
            } else {
                days.add(day);
            }
        }
        var from = time(entry, "from");
        var to = time(entry, "to");
        if (from != null && from.equals(to)) {
            entry.problem("to", "the window starts and ends at " + from + "; it would be empty");
        }
        ZoneId zone = defaultZone;
        var zoneText = entry.text("zone");
        if (zoneText.isPresent()) {
            try {
                zone = ZoneId.of(zoneText.get());
            } catch (DateTimeException e) {
                entry.problem("zone", "'" + zoneText.get() + "' is not a time zone (write e.g. UTC or Europe/Berlin)");
            }
        }
        Scope scope = Scope.AGENT;
        try {
            scope = Scope.parse(entry.text("scope").orElse("agent"));
        } catch (IllegalArgumentException e) {
            entry.problem("scope", e.getMessage());
        }
        return from == null || to == null || from.equals(to) ? null : new MaintenanceWindow(days, from, to, zone, scope);
    }

    private static LocalTime time(SectionReader entry, String key) {
        var text = entry.text(key);
        if (text.isEmpty()) {
            entry.problem(key, "missing (a time of day, e.g. \"02:00\")");
            return null;
        }
        try {
            return LocalTime.parse(text.get().length() == 4 ? "0" + text.get() : text.get());
        } catch (DateTimeParseException e) {
            entry.problem(key, "'" + text.get() + "' is not a time of day (write e.g. \"02:00\" or \"23:30\")");
            return null;
        }
    }

    private static DayOfWeek day(String name) {
        var n = name.trim().toLowerCase(Locale.ROOT);
        for (var d : DayOfWeek.values()) {
            var full = d.name().toLowerCase(Locale.ROOT);
            if (n.equals(full) || n.equals(full.substring(0, 3))) {
                return d;
            }
        }
        return null;
    }
}
