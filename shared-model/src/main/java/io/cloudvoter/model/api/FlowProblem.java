package io.cloudvoter.model.api;

/**
 * Why a flow file was rejected.
 *
 * @param file   the file name inside the flows folder
 * @param field  the path of the offending field, e.g. {@code steps[2].click}; empty for the whole file
 * @param reason what is wrong, in words an operator can act on
 * @param line   where the field (or the syntax error) is in the file, from 1; null when not known (a missing key)
 * @param column the column there, from 1; null with {@code line}
 */
public record FlowProblem(String file, String field, String reason, Integer line, Integer column) {
    public FlowProblem(String file, String field, String reason) {
        this(file, field, reason, null, null);
    }

    /** The same problem, placed at a line and column of its file. */
    public FlowProblem at(int line, int column) {
        return new FlowProblem(file, field, reason, line, column);
    }

    @Override
    public String toString() {
        return field == null || field.isEmpty() ? file + ": " + reason : file + ": " + field + ": " + reason;
    }
}
