package io.cloudvoter.model.api;

import java.util.List;

/**
 * The 422 answer of {@code PUT /api/flows/{name}} (and of a flow sent to be tried): an {@link ErrorBody}
 * with every problem of the flow sent, each with line and column where known. Nothing was written.
 */
public record FlowRejection(int status, String error, String message, List<FlowProblem> problems) {
    public FlowRejection {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }
}
