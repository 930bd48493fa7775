package io.cloudvoter.model.api;

import java.util.List;

/** A page of runs, newest first. */
public record RunList(List<RunRecord> runs) {
}
