package io.cloudvoter.model.api;

import java.util.List;
import java.util.Map;

/**
 * The answer of {@code POST /api/flows/{name}/try?instance=ID} (or {@code POST /api/flows/try} with
 * a flow in the body): one run of a flow in a throwaway context with that instance's storage state
 * and variables, neither recorded in the history nor saving the state back.
 *
 * @param flow        the flow's name
 * @param instanceId  whose storage state and variables it used; null for none (a fresh context)
 * @param outcome     as a recorded run would have ended
 * @param extracted   the last numeric {@code extract}, as a run records it
 * @param values      every {@code extract} by name, as read (text or number)
 * @param steps       each step that ran, in order, with its time
 * @param durationMs  from opening the context to reading the outcome
 * @param screenshot  a PNG of the page at the end, base64; null when the page was gone
 */
public record FlowTry(String flow, String instanceId, Outcome outcome, String message, Double extracted,
                      Map<String, String> values, List<StepTiming> steps, long durationMs, String screenshot) {
    public FlowTry {
        values = values == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values)); // in the order read
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /**
     * @param index    from 1, as in the flow file
     * @param kind     {@code goto}, {@code click}, …
     * @param what     what it did, as the log says it (never a secret or a typed value)
     * @param ms       how long it took
     * @param ok       false when it failed (an {@code optional} step that failed is {@code ok=false} and the run went on)
     * @param message  why it failed, when it did
     */
    public record StepTiming(int index, String kind, String what, long ms, boolean ok, String message) {
    }
}
