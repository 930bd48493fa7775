package io.cloudvoter.model.api;

import java.util.List;

/** Loaded flows and the files that were rejected. */
public record FlowList(List<FlowInfo> flows, List<FlowProblem> errors) {
}
