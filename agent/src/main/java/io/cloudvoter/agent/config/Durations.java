package io.cloudvoter.agent.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Reads the durations operators write in config and flow files: {@code 30s}, {@code 1m30s},
 * {@code 500ms}, {@code 2h}, {@code 1d} or ISO-8601 {@code PT30S}. A bare number is seconds.
 */
public final class Durations {
    private static final Pattern SIMPLE = Pattern.compile("(?i)(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("(?i)((\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)\\s*)+");

    private Durations() {
    }

    /**
     * @throws IllegalArgumentException with a message that quotes the text and says what is accepted
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty duration (write e.g. 30s, 5m, 1h30m or PT30S)");
        }
        var s = text.trim();
        if (s.matches("\\d+(\\.\\d+)?")) {
            return ofMillis(Double.parseDouble(s) * 1000, text);
        }
        if (s.regionMatches(true, 0, "P", 0, 1)) {
            try {
                return nonNegative(Duration.parse(s.toUpperCase()), text);
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        if (!WHOLE.matcher(s).matches()) {
            throw invalid(text);
        }
        var m = SIMPLE.matcher(s);
        double millis = 0;
        while (m.find()) {
            double n = Double.parseDouble(m.group(1));
            millis += switch (m.group(2).toLowerCase()) {
                case "ms" -> n;
                case "s" -> n * 1_000;
                case "m" -> n * 60_000;
                case "h" -> n * 3_600_000;
                default -> n * 86_400_000;
            };
        }
        return ofMillis(millis, text);
    }

    /** The short form used in messages and files: {@code 1m30s}, {@code 250ms}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        var sb = new StringBuilder();
        long days = d.toDays();
        if (days > 0) {
            sb.append(days).append('d');
        }
        if (d.toHoursPart() > 0) {
            sb.append(d.toHoursPart()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            sb.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0) {
            sb.append(d.toSecondsPart()).append('s');
        }
        if (d.toMillisPart() > 0) {
            sb.append(d.toMillisPart()).append("ms");
        }
        return sb.toString();
    }

    private static Duration ofMillis(double millis, String text) {
        if (Double.isInfinite(millis) || millis > Long.MAX_VALUE / 2.0) {
            throw new IllegalArgumentException("duration '" + text + "' is too long");
        }
        return Duration.ofMillis(Math.round(millis));
    }

    private static Duration nonNegative(Duration d, String text) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("duration '" + text + "' is negative");
        }
        return d;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration (write e.g. 30s, 5m, 1h30m, 500ms or PT30S)");
    }
}
