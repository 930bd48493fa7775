package io.cloudvoter.agent.flow;

import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.flow.OutcomeRules;
import io.cloudvoter.model.flow.RateLimitRule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.MatchResult;

/**
 * Decides a run's outcome from the page's visible text. Pure: the same text, rules and time give
 * the same verdict. Patterns were validated when the flow was parsed.
 */
public final class OutcomeReader {
    static final int EXCERPT = 200;
    /** A minus sign counts only when no letter or digit stands before it ("A-3" is 3): checked in {@link #number}. */
    private static final TextPattern FIRST_NUMBER = TextPattern.compile("-?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?");
    private static final DateTimeFormatter CLOCK_TIME = DateTimeFormatter.ofPattern("H:mm[:ss]");

    /** @param retryAt when the target said it will take us again; {@code null} if it did not say */
    public record Verdict(Outcome outcome, String message, Instant retryAt) {
    }

    /** @param value {@code null} when the text held no number; then {@code problem} says why */
    public record NumberReading(Double value, String problem) {
    }

    private OutcomeReader() {
    }

    /** Rate limit, then failure, then success; with no success patterns, reaching the end is success. */
    public static Verdict read(String text, OutcomeRules rules, Instant now, ZoneId zone) {
        var page = text == null ? "" : text;
        return refusal(page, rules, now, zone).orElseGet(() -> {
            if (rules.success().isEmpty()) {
                return new Verdict(Outcome.SUCCESS, "all steps completed", null);
            }
            return find(page, rules.success())
                    .map(m -> new Verdict(Outcome.SUCCESS, "page says \"" + quote(page, m) + "\"", null))
                    .orElseGet(() -> new Verdict(Outcome.FAILED,
                            "none of the success patterns matched; page says: " + excerpt(page), null));
        });
    }

    /** Only the texts that mean "no": a rate limit or a failure pattern. Used when a step could not finish. */
    public static Optional<Verdict> refusal(String text, OutcomeRules rules, Instant now, ZoneId zone) {
        var page = text == null ? "" : text;
        var limited = find(page, rules.rateLimit().patterns());
        if (limited.isPresent()) {
            var retryAt = retryAt(page, rules.rateLimit(), now, zone);
            var when = retryAt == null ? "; the page gives no retry time" : "; retry at " + retryAt;
            return Optional.of(new Verdict(Outcome.RATE_LIMITED,
                    "rate limited: page says \"" + quote(page, limited.get()) + "\"" + when, retryAt));
        }
        return find(page, rules.failure())
                .map(m -> new Verdict(Outcome.FAILED, "page says \"" + quote(page, m) + "\"", null));
    }

    /** @param value {@code null} when the pattern did not match; then {@code problem} says why */
    public record TextReading(String value, String problem) {
    }

    /** Extracted text as it is kept: with a pattern its first group, otherwise the whole text, trimmed. */
    public static TextReading text(String text, String pattern) {
        var source = text == null ? "" : text;
        if (pattern == null) {
            return new TextReading(source.strip(), null);
        }
        var m = TextPattern.compile(pattern).find(source);
        if (m.isEmpty() || m.get().group(1) == null) {
            return new TextReading(null, "pattern \"" + pattern + "\" did not match \"" + excerpt(source) + "\"");
        }
        return new TextReading(m.get().group(1).strip(), null);
    }

    /** A number as the history shows it: {@code 18}, not {@code 18.0}. */
    public static String plain(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    /**
     * Turns extracted text into a number. With a pattern its first group is read, otherwise the first
     * number in the text; commas are thousands separators ({@code "1,234 votes"} is 1234).
     */
    public static NumberReading number(String text, String pattern) {
        var source = text == null ? "" : text;
        if (pattern != null) {
            var m = TextPattern.compile(pattern).find(source);
            if (m.isEmpty() || m.get().group(1) == null) {
                return new NumberReading(null, "pattern \"" + pattern + "\" did not match \"" + excerpt(source) + "\"");
            }
            source = m.get().group(1);
        }
        var m = FIRST_NUMBER.find(source);
        if (m.isEmpty()) {
            return new NumberReading(null, "no number in \"" + excerpt(source) + "\"");
        }
        var found = m.get().group();
        int start = m.get().start();
        if (found.startsWith("-") && start > 0 && letterOrDigit(source.codePointBefore(start))) {
            found = found.substring(1);
        }
        var value = Double.parseDouble(found.replace(",", ""));
        return Double.isFinite(value)
                ? new NumberReading(value, null)
                : new NumberReading(null, "\"" + found + "\" is too large a number");
    }

    private static boolean letterOrDigit(int codePoint) {
        int type = Character.getType(codePoint);
        return Character.isLetter(codePoint) || type == Character.DECIMAL_DIGIT_NUMBER
                || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
    }

    private static Instant retryAt(String page, RateLimitRule rule, Instant now, ZoneId zone) {
        var after = rule.retryAfter() == null ? Optional.<MatchResult>empty() : TextPattern.compile(rule.retryAfter()).find(page);
        if (after.isPresent() && after.get().group(1) != null) {
            var a = after.get();
            var unit = a.groupCount() >= 2 && a.group(2) != null ? a.group(2) : "s";
            try {
                return now.plus(Duration.ofMillis(Math.round(Double.parseDouble(a.group(1)) * unitMillis(unit))));
            } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException e) {
                // not a number after all (or beyond any time): try retryAt, else no retry time
            }
        }
        var at = rule.retryAt() == null ? Optional.<MatchResult>empty() : TextPattern.compile(rule.retryAt()).find(page);
        if (at.isPresent() && at.get().group(1) != null) {
            return pointInTime(at.get().group(1).strip(), now, zone);
        }
        return null;
    }

    /** Seconds unless the unit says otherwise: s, sec, second(s), m, min, minute(s), h, hour(s), d, day(s), ms. */
    private static long unitMillis(String unit) {
        var u = unit.strip().toLowerCase(Locale.ROOT);
        if (u.startsWith("ms") || u.startsWith("milli")) {
            return 1;
        }
        return switch (u.isEmpty() ? 's' : u.charAt(0)) {
            case 'm' -> 60_000;
            case 'h' -> 3_600_000;
            case 'd' -> 86_400_000;
            default -> 1_000;
        };
    }

    /** An ISO instant or offset date-time, or a clock time meaning its next occurrence in {@code zone}. */
    private static Instant pointInTime(String text, Instant now, ZoneId zone) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    var time = LocalTime.parse(text, CLOCK_TIME);
                    var today = now.atZone(zone).toLocalDate();
                    var at = ZonedDateTime.of(today, time, zone);
                    return at.toInstant().isAfter(now) ? at.toInstant() : ZonedDateTime.of(today.plusDays(1), time, zone).toInstant();
                } catch (DateTimeParseException notClockTime) {
                    return null;
                }
            }
        }
    }

    private static Optional<MatchResult> find(String page, List<String> patterns) {
        for (var p : patterns) {
            var m = TextPattern.compile(p).find(page);
            if (m.isPresent()) {
                return m;
            }
        }
        return Optional.empty();
    }

    /** The whole line(s) around a match: "closed" alone helps less than "Voting is closed until Monday". */
    private static String quote(String page, MatchResult m) {
        int start = m.start() == 0 ? 0 : page.lastIndexOf('\n', m.start() - 1) + 1;
        int end = page.indexOf('\n', m.end());
        return excerpt(page.substring(start, end < 0 ? page.length() : end));
    }

    static String excerpt(String text) {
        var flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= EXCERPT ? flat : flat.substring(0, EXCERPT - 1) + "…";
    }
}
