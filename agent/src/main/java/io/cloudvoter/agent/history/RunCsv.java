package io.cloudvoter.agent.history;

import io.cloudvoter.model.api.RunRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The run history as RFC 4180 CSV. Rows are fetched a page at a time by id (keyset paging), and each
 * page is written after the store's lock is released, so a slow download never holds up runs.
 */
final class RunCsv {
    static final String HEADER = "id,instanceId,flow,outcome,startedAt,durationMs,message,extracted,artifact,attempt,retryOf,reason,values";
    static final int PAGE = 500;
    private static final String CRLF = "\r\n";

    private final BiFunction<RunQuery, Integer, List<RunRecord>> pages;

    RunCsv(BiFunction<RunQuery, Integer, List<RunRecord>> pages) {
        this.pages = pages;
    }

    void write(RunQuery q, int limit, Writer out) {
        try {
            out.write(HEADER + CRLF);
            int left = limit;
            var next = q;
            while (left > 0) {
                int want = Math.min(PAGE, left);
                var page = pages.apply(next, want);
                for (var run : page) {
                    out.write(row(run));
                }
                left -= page.size();
                if (page.size() < want) {
                    break;
                }
                next = q.withBeforeId(page.getLast().id());
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the run history as CSV failed: " + e.getMessage(), e);
        }
    }

    static String row(RunRecord r) {
        return String.join(",",
                Long.toString(r.id()),
                text(r.instanceId()),
                text(r.flow()),
                text(r.outcome().name()),
                r.startedAt().toString(),
                r.durationMs() == null ? "" : r.durationMs().toString(),
                text(r.message()),
                number(r.extracted()),
                text(r.artifact()),
                Integer.toString(r.attempt()),
                r.retryOf() == null ? "" : r.retryOf().toString(),
                text(r.reason()),
                text(values(r.values()))) + CRLF;
    }

    /** name=value pairs joined by "; " (in the order the flow read them). */
    private static String values(java.util.Map<String, String> values) {
        return values.isEmpty() ? null : values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
    }

    /**
     * A text cell. One that starts like a formula gets a leading apostrophe, because spreadsheets
     * run formulas from opened CSV files and a message can quote whatever the target page said.
     */
    static String text(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        var cell = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
            return '"' + cell.replace("\"", "\"\"") + '"';
        }
        return cell;
    }

    /** Plain digits (no exponent) so every spreadsheet reads it as a number, negative ones included. */
    static String number(Double value) {
        if (value == null) {
            return "";
        }
        if (value.isInfinite()) {
            return value.toString();
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
