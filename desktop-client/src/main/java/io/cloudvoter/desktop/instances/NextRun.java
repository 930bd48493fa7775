package io.cloudvoter.desktop.instances;

import io.cloudvoter.model.api.InstanceState;
import io.cloudvoter.model.api.InstanceStatus;

import java.time.Instant;
import java.util.Comparator;

/**
 * The "Next run" cell as a value: what comes next and when, with the words for it. Sorted by what runs
 * soonest: running now, then due, then scheduled by time, then rate limited by the end of the pause, then
 * the ones that will not run (stopped, disabled, invalid).
 *
 * @param why the agent's reason when the next run is not one cooldown after the last (a retry, or a
 *            cooldown stretched by failures in a row); {@code null} otherwise or when it will not run
 */
public record NextRun(InstanceState state, Instant at, String text, String why) {
    public static final Comparator<NextRun> SOONEST = Comparator.comparingInt(NextRun::rank)
            .thenComparing(NextRun::at, Comparator.nullsLast(Comparator.naturalOrder()));

    /** Appended to the countdown when {@link #why} explains it; the reason itself is the cell's tooltip. */
    static final String MARK = "\u21bb";

    static NextRun of(InstanceStatus s, Instant now) {
        var state = InstanceRow.shownState(s);
        Instant at = state == InstanceState.PAUSED ? s.pausedUntil() : state == InstanceState.SCHEDULED ? s.nextRunAt() : null;
        // invalid: say why (the agent's reason; an older agent gives none: then the flow it names is not loaded)
        var text = state != InstanceState.INVALID ? Countdown.describe(state, s.nextRunAt(), s.pausedUntil(), now)
                : s.problem() != null ? s.problem() : s.flow() != null ? "flow '" + s.flow() + "' not loaded" : "flow invalid";
        // the reason only matters while a run is coming: a stopped or running instance has none to explain
        var why = state == InstanceState.SCHEDULED || state == InstanceState.QUEUED ? s.nextRunWhy() : null;
        return new NextRun(state, at, why == null ? text : text + " " + MARK, why);
    }

    private int rank() {
        if (state == null) {
            return 9;
        }
        return switch (state) {
            case RUNNING -> 0;
            case QUEUED -> 1;
            case SCHEDULED -> 2;
            case PAUSED -> 3;
            case STOPPED -> 4;
            case DISABLED -> 5;
            case INVALID -> 6;
        };
    }
}
