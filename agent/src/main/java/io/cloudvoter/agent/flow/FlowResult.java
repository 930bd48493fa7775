package io.cloudvoter.agent.flow;

import io.cloudvoter.model.api.FlowTry;
import io.cloudvoter.model.api.Outcome;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How one run of a flow ended.
 *
 * @param extracted   the number read by the last numeric {@code extract} step that ran, or {@code null}
 * @param retryAt     for {@code RATE_LIMITED}: when the target said it takes us again, if it said
 * @param screenshots the files written by {@code screenshot} steps, in order
 * @param reason      a word for why it did not succeed ({@code unreachable}, {@code expect}, {@code timeout}…), or null
 * @param values      every {@code extract} that ran, by name, as read
 * @param steps       each step that ran, with its time and whether it held
 * @param reached     whether the target was loaded without a browser error (the state may have changed: it is kept)
 */
public record FlowResult(Outcome outcome, String message, Double extracted, Instant retryAt, List<Path> screenshots,
                         String reason, Map<String, String> values, List<FlowTry.StepTiming> steps, boolean reached) {
    public static final String UNREACHABLE = "unreachable";
    public static final String EXPECT = "expect";
    public static final String TIMEOUT = "timeout";

    public FlowResult {
        screenshots = List.copyOf(screenshots);
        values = values == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values)); // in the order read
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** A run that ended before any step could tell anything: nothing read, nothing reached. */
    public FlowResult(Outcome outcome, String message, Double extracted, Instant retryAt, List<Path> screenshots) {
        this(outcome, message, extracted, retryAt, screenshots, null, Map.of(), List.of(), false);
    }

    public FlowResult withOutcome(Outcome newOutcome, String newMessage) {
        return new FlowResult(newOutcome, newMessage, extracted, null, screenshots, reason, values, steps, reached);
    }

    public FlowResult withMessage(String newMessage) {
        return new FlowResult(outcome, newMessage, extracted, retryAt, screenshots, reason, values, steps, reached);
    }
}
