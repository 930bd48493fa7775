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
 */
public record FlowSpec(String name,
                       String target,
                       Duration timeout,
                       Duration cooldown,
                       List<Step> steps,
                       OutcomeRules outcome,
                       Set<String> block,
                       boolean trace) {

    public FlowSpec {
        steps = List.copyOf(steps);
        block = Set.copyOf(block);
    }
}
