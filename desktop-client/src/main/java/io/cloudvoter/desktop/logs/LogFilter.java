package io.cloudvoter.desktop.logs;

import io.cloudvoter.model.api.LogLine;

import java.util.Locale;
import java.util.function.Predicate;
import java.util.logging.Level;

/**
 * Which log lines to show: at least {@code minLevel}, about {@code instance} (null: any), and
 * containing {@code text} (case-insensitive; blank: any).
 */
public record LogFilter(Level minLevel, String instance, String text) implements Predicate<LogLine> {
    public static final LogFilter ALL = new LogFilter(Level.ALL, null, "");

    public LogFilter {
        minLevel = minLevel == null ? Level.ALL : minLevel;
        instance = instance == null || instance.isBlank() ? null : instance;
        text = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean test(LogLine line) {
        if (level(line.level()) < minLevel.intValue()) {
            return false;
        }
        if (instance != null && !instance.equals(line.instanceId())) {
            return false;
        }
        return text.isEmpty() || (line.message() != null && line.message().toLowerCase(Locale.ROOT).contains(text))
                || (line.logger() != null && line.logger().toLowerCase(Locale.ROOT).contains(text));
    }

    /** A java.util.logging level's weight; unknown names count as INFO so they are not hidden by mistake. */
    static int level(String name) {
        if (name == null) {
            return Level.INFO.intValue();
        }
        try {
            return Level.parse(name.toUpperCase(Locale.ROOT)).intValue();
        } catch (IllegalArgumentException e) {
            return switch (name.toUpperCase(Locale.ROOT)) {
                case "ERROR" -> Level.SEVERE.intValue();
                case "WARN" -> Level.WARNING.intValue();
                case "DEBUG" -> Level.FINE.intValue();
                case "TRACE" -> Level.FINEST.intValue();
                default -> Level.INFO.intValue();
            };
        }
    }
}
