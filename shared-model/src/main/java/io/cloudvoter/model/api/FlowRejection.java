package io.cloudvoter.model.api;

import java.util.List;

/**
 * A flow sent to the agent ({@code PUT /api/flows/{name}}, {@code POST /api/flows/try}) that does not parse or
 * validate: 422 with every problem found, each naming its field and reason, with line and column where
 * known; an {@link ErrorBody} with the problems added. Nothing was written or run.
 */
public record FlowRejection(int status, String error, String message, List<FlowProblem> problems) {
    public FlowRejection {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    public static FlowRejection of(List<FlowProblem> problems) {
        return new FlowRejection(422, "invalid-flow", problems.isEmpty() ? "the flow is not valid"
                : problems.size() + " problem(s); the first: " + problems.getFirst(), problems);
    }
}
