package io.cloudvoter.desktop.history;

import io.cloudvoter.model.api.RunRecord;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Success rates per instance and per hour, computed from a list of runs. */
public final class RunSummary {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:00");

    private RunSummary() {
    }

    public static List<SummaryRow> perInstance(List<RunRecord> runs) {
        return group(runs, RunRecord::instanceId, Comparator.comparing(SummaryRow::key));
    }

    /** Newest hour first, in the operator's time zone. */
    public static List<SummaryRow> perHour(List<RunRecord> runs, ZoneId zone) {
        return group(runs.stream().filter(r -> r.startedAt() != null).toList(),
                r -> HOUR.format(r.startedAt().atZone(zone).truncatedTo(ChronoUnit.HOURS)),
                Comparator.comparing(SummaryRow::key).reversed());
    }

    private static List<SummaryRow> group(List<RunRecord> runs, Function<RunRecord, String> key, Comparator<SummaryRow> order) {
        Map<String, long[]> counts = new TreeMap<>();
        for (var r : runs) {
            long[] c = counts.computeIfAbsent(key.apply(r) == null ? "?" : key.apply(r), k -> new long[4]);
            c[0]++;
            if (r.outcome() != null) {
                switch (r.outcome()) {
                    case SUCCESS -> c[1]++;
                    case FAILED, ERROR -> c[2]++;
                    case RATE_LIMITED -> c[3]++;
                    default -> {
                    }
                }
            }
        }
        var rows = new ArrayList<SummaryRow>();
        counts.forEach((k, c) -> rows.add(new SummaryRow(k, c[0], c[1], c[2], c[3])));
        rows.sort(order);
        return rows;
    }
}
