package io.cloudvoter.agent.flow;

import io.cloudvoter.model.api.FlowProblem;
import io.cloudvoter.model.flow.FlowSpec;

import java.util.List;

/** What {@link FlowParser} made of one file: a flow ready to run, or every reason it is not. */
public sealed interface ParseResult {

    record Valid(FlowSpec flow) implements ParseResult {
    }

    /** @param problems never empty, in the order they appear in the file */
    record Rejected(List<FlowProblem> problems) implements ParseResult {
        public Rejected {
            problems = List.copyOf(problems);
        }
    }
}
