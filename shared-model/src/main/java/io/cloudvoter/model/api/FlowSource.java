package io.cloudvoter.model.api;

import java.util.List;

/**
 * One flow file as {@code GET /api/flows/{name}} and {@code PUT /api/flows/{name}} answer it.
 *
 * @param name     the flow's name (for a rejected file: the name it asks for, or its file name without extension)
 * @param file     its file in the flows folder
 * @param format   {@code yaml} or {@code json}
 * @param source   the file's text as stored
 * @param flow     the version of it that runs; null when none does (the file is rejected and none loaded before)
 * @param problems why the file is rejected, with line and column where known; empty when it is valid
 */
public record FlowSource(String name, String file, String format, String source, FlowInfo flow, List<FlowProblem> problems) {
    public FlowSource {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }
}
