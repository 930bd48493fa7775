package io.cloudvoter.agent.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the plain values operators write in the config: {@code true}/{@code false}, whole numbers,
 * numbers, sizes and percentages ({@link Durations} reads durations).
 * Each throws {@link IllegalArgumentException} with a message that quotes the text and says what is accepted.
 */
public final class Values {
    private static final Pattern SIZE = Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*(k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?\\s*");
    private static final Pattern PERCENT = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*%\\s*");

    private Values() {
    }

    /** {@code true}, {@code yes}, {@code on}, {@code 1}, or their opposites. */
    public static boolean bool(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("'" + s + "' is not true or false");
        };
    }

    /** A whole number in {@code min..max} ({@code 200_000} allowed); {@code orWhat} is added to the "not a number" message. */
    public static int wholeNumber(String s, int min, int max, String orWhat) {
        int n;
        try {
            n = Integer.parseInt(s.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a whole number" + orWhat);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(n + " is out of range " + min + ".." + max);
        }
        return n;
    }

    /** A number in {@code (0, max]}. */
    public static double number(String s, double max) {
        double d;
        try {
            d = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a number");
        }
        if (!(d > 0) || d > max) {
            throw new IllegalArgumentException(s + " is out of range: more than 0, at most " + max);
        }
        return d;
    }

    /**
     * A size in bytes: {@code 200MB}, {@code 1.5GB}, {@code 512M}, {@code 64KiB} (all binary: 1 MB =
     * 1024 × 1024 bytes, as systemd counts). A unit is required.
     */
    public static double size(String s) {
        var m = SIZE.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a size (write e.g. 200MB, 1.5GB or 512M, or off)");
        }
        if (m.group(2) == null) {
            throw new IllegalArgumentException("'" + s + "' has no unit (write e.g. " + s.trim() + "MB)");
        }
        double n = Double.parseDouble(m.group(1));
        double unit = switch (Character.toLowerCase(m.group(2).charAt(0))) {
            case 'k' -> 1024d;
            case 'm' -> 1024d * 1024;
            case 'g' -> 1024d * 1024 * 1024;
            default -> 1024d * 1024 * 1024 * 1024;
        };
        double bytes = n * unit;
        if (!(bytes >= 1)) {
            throw new IllegalArgumentException("'" + s + "' must be more than 0");
        }
        return bytes;
    }

    /** A percentage written with its sign, {@code 85%}, in {@code (0, max]}. */
    public static double percent(String s, double max) {
        var m = PERCENT.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a percentage (write e.g. 85%, or off)");
        }
        double p = Double.parseDouble(m.group(1));
        if (!(p > 0) || p > max) {
            throw new IllegalArgumentException(s + " is out of range: more than 0%, at most " + whole(max) + "%");
        }
        return p;
    }

    /** {@code off}, {@code none} or {@code false}: a threshold or a rule switched off. */
    public static boolean isOff(String s) {
        return s.equalsIgnoreCase("off") || s.equalsIgnoreCase("none") || s.equalsIgnoreCase("false");
    }

    private static String whole(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
