package io.cloudvoter.model.api;

/**
 * Why a flow file was rejected.
 *
 * @param file   the file name inside the flows folder
 * @param field  the path of the offending field, e.g. {@code steps[2].click}; empty for the whole file
 * @param reason what is wrong, in words an operator can act on
 */
public record FlowProblem(String file, String field, String reason) {
    @Override
    public String toString() {
        return field == null || field.isEmpty() ? file + ": " + reason : file + ": " + field + ": " + reason;
    }
}
