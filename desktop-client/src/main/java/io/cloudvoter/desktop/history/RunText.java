package io.cloudvoter.desktop.history;

import io.cloudvoter.desktop.widgets.Badges;
import io.cloudvoter.desktop.widgets.Display;
import io.cloudvoter.model.api.RunRecord;

import java.time.ZoneId;

/** How the History tab words a run: its attempt, its detail, and the text the page filter matches. */
final class RunText {
    private RunText() {
    }

    /** What the filter box over the page matches a run against. */
    static String searchText(RunRecord r) {
        return String.join(" ", Long.toString(r.id()), r.instanceId() == null ? "" : r.instanceId(),
                r.flow() == null ? "" : r.flow(), Badges.words(r.outcome()), r.message() == null ? "" : r.message(),
                r.reason() == null ? "" : r.reason(), String.join(" ", r.values().values()));
    }

    /** A first attempt shows nothing, so the retries stand out. */
    static String attempt(Integer attempt) {
        return attempt == null || attempt <= 1 ? "" : "retry " + (attempt - 1);
    }

    /**
     * When and how long, the message, then what only some runs have: which attempt it was (and of which run),
     * the agent's reason word for a run that did not succeed, and every value the flow extracted, by name.
     */
    static String describe(RunRecord run, ZoneId zone) {
        var text = new StringBuilder(Display.dateTime(run.startedAt(), zone)).append("  (")
                .append(Display.millis(run.durationMs())).append(')');
        text.append('\n').append(run.message() == null ? "" : run.message());
        if (run.attempt() > 1) {
            text.append("\n\nAttempt ").append(run.attempt())
                    .append(run.retryOf() == null ? "" : ", a retry of run " + run.retryOf());
        }
        if (run.reason() != null && !run.reason().isBlank()) {
            text.append(run.attempt() > 1 ? "\n" : "\n\n").append("Reason: ").append(run.reason());
        }
        if (!run.values().isEmpty()) {
            text.append("\n\nValues");
            run.values().forEach((name, value) -> text.append("\n  ").append(name).append(" = ").append(value));
        }
        return text.toString();
    }
}
