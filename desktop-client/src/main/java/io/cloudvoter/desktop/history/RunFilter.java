package io.cloudvoter.desktop.history;

import io.cloudvoter.model.api.Outcome;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

/**
 * The filters of {@code GET /api/runs} and {@code /api/runs.csv}. Null means "any".
 *
 * @param since an age such as {@code 24h}, or an ISO-8601 instant
 */
public record RunFilter(String instance, Outcome outcome, String since) {
    public static final RunFilter ALL = new RunFilter(null, null, null);

    /** The query string (without {@code ?}) for these filters plus paging. */
    public String query(Long before, Integer limit) {
        var parts = new ArrayList<String>();
        add(parts, "instance", instance);
        add(parts, "outcome", outcome == null ? null : outcome.name());
        add(parts, "since", since);
        add(parts, "before", before == null ? null : before.toString());
        add(parts, "limit", limit == null ? null : limit.toString());
        return String.join("&", parts);
    }

    private static void add(java.util.List<String> parts, String name, String value) {
        if (value != null && !value.isBlank()) {
            parts.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
