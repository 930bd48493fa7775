package io.cloudvoter.model.flow;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A validated flow: what to do in the page and how to read the outcome.
 *
 * @param name     unique among loaded flows
 * @param target   absolute URL; its origin identifies the target for rate limits
 * @param timeout  the whole run, from new context to outcome
 * @param cooldown default time between the end of a run and the next, for instances that set none
 * @param block    resource types not loaded at all ({@code image}, {@code font}, {@code media}, {@code stylesheet})
 * @param trace    record a Playwright trace, kept with the run's artifacts when it fails
 * @param retry    how a run that did not succeed is tried again; null: it is not
 * @param saveState when the storage state is saved back
 */
public record FlowSpec(String name,
                       String target,
                       Duration timeout,
                       Duration cooldown,
                       List<Step> steps,
                       OutcomeRules outcome,
                       Set<String> block,
                       boolean trace,
                       RetryPolicy retry,
                       SaveState saveState) {

    public FlowSpec {
        steps = List.copyOf(steps);
        block = Set.copyOf(block);
        saveState = saveState == null ? SaveState.REACHED : saveState;
    }

    /** A flow without retries that keeps the state of every run that reached the target. */
    public FlowSpec(String name, String target, Duration timeout, Duration cooldown, List<Step> steps, OutcomeRules outcome,
                    Set<String> block, boolean trace) {
        this(name, target, timeout, cooldown, steps, outcome, block, trace, null, SaveState.REACHED);
    }
}
