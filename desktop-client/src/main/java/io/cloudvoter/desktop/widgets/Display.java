package io.cloudvoter.desktop.widgets;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How numbers, sizes and times read on screen. */
public final class Display {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter SHORT_DATE_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss");

    private Display() {
    }

    /** "512 MB", "1.4 GB"; "—" when unknown (negative or null). */
    public static String bytes(Long b) {
        if (b == null || b < 0) {
            return "—";
        }
        if (b < 1024L * 1024) {
            return b / 1024 + " KB";
        }
        if (b < 1024L * 1024 * 1024) {
            return b / (1024 * 1024) + " MB";
        }
        return String.format("%.1f GB", b / (1024.0 * 1024 * 1024));
    }

    /** "87 %"; "—" for a negative rate (nothing to count yet). */
    public static String percent(double rate) {
        return rate < 0 ? "—" : String.format("%.0f %%", rate * 100);
    }

    public static String time(Instant t, ZoneId zone) {
        return t == null ? "" : TIME.format(t.atZone(zone));
    }

    public static String dateTime(Instant t, ZoneId zone) {
        return t == null ? "" : DATE_TIME.format(t.atZone(zone));
    }

    /** "11-27 07:39:32": for tables, where the year only takes room. */
    public static String shortDateTime(Instant t, ZoneId zone) {
        return t == null ? "" : SHORT_DATE_TIME.format(t.atZone(zone));
    }

    /** 1828.0 → "1828", 3.25 → "3.25". */
    public static String number(Double v) {
        if (v == null) {
            return "";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString(v.longValue()) : Double.toString(v);
    }

    /** "850 ms", "4.2 s", "1 m 12 s". */
    public static String millis(Long ms) {
        if (ms == null) {
            return "";
        }
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format("%.1f s", ms / 1000.0);
        }
        return ms / 60_000 + " m " + ms % 60_000 / 1000 + " s";
    }

    /** A duration as a flow file writes it: "30m", "1h30m", "90s", "500ms". */
    public static String duration(java.time.Duration d) {
        if (d == null) {
            return "";
        }
        if (d.toMillisPart() != 0 || d.isZero()) {
            return d.toMillis() + "ms";
        }
        var text = new StringBuilder();
        if (d.toDays() > 0) {
            text.append(d.toDays()).append('d');
        }
        if (d.toHoursPart() > 0) {
            text.append(d.toHoursPart()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            text.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0) {
            text.append(d.toSecondsPart()).append('s');
        }
        return text.toString();
    }
}
