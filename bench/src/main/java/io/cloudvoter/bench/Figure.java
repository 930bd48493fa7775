package io.cloudvoter.bench;

/**
 * One measured figure.
 *
 * @param name   its field in results.json
 * @param value  null when it could not be measured ({@code note} says why)
 * @param target e.g. {@code <= 12}; null for a baseline or a figure without a target
 * @param note   how it was measured, its baseline, or why it is missing
 */
public record Figure(String name, Double value, String unit, String target, String note) {

    /** Whether the value meets the target; null when there is no target or no value. */
    public Boolean met() {
        if (target == null || value == null) {
            return null;
        }
        var t = target.trim();
        double bound = Double.parseDouble(t.substring(2).trim());
        return t.startsWith("<=") ? value <= bound : value >= bound;
    }
}
