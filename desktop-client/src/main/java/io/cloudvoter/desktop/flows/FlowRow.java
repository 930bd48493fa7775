package io.cloudvoter.desktop.flows;

import io.cloudvoter.model.api.FlowProblem;

import java.util.List;

/**
 * One line of the flows list: a flow file, the flow it loads (if it does), how many instances use it,
 * and its first problem.
 *
 * @param name      the flow's name; for a rejected file, its file name without extension
 * @param target    where it goes; empty when the file is rejected and nothing of it runs
 * @param running   whether a version of it is loaded and runs
 * @param problems  why the file is rejected; empty when it is valid
 */
public record FlowRow(String name, String file, String target, boolean running, List<FlowProblem> problems, int instances) {
    public FlowRow {
        problems = List.copyOf(problems);
    }

    public boolean valid() {
        return problems.isEmpty();
    }

    /** "valid", or the first problem with its line, for the list. */
    public String verdict() {
        if (problems.isEmpty()) {
            return "valid";
        }
        var p = problems.getFirst();
        return (running ? "runs the last good version; " : "")
                + (p.line() == null ? "" : "line " + p.line() + ": ")
                + (p.field() == null || p.field().isEmpty() ? "" : p.field() + ": ") + p.reason()
                + (problems.size() > 1 ? " (+" + (problems.size() - 1) + " more)" : "");
    }
}
