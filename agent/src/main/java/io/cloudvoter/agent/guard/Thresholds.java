package io.cloudvoter.agent.guard;

/**
 * One metric's thresholds in its own unit (bytes or percent); null means that level is off for it.
 */
public record Thresholds(Double soft, Double hard, Double critical) {
    public static final Thresholds OFF = new Thresholds(null, null, null);

    public Double at(GuardLevel level) {
        return switch (level) {
            case SOFT -> soft;
            case HARD -> hard;
            case CRITICAL -> critical;
            case NORMAL -> null;
        };
    }
}
