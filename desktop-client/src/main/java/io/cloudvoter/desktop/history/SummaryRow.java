package io.cloudvoter.desktop.history;

/**
 * Runs of one instance, or of one hour, by outcome. The success rate counts what the target
 * decided: successes ÷ (successes + failures); rate-limited, interrupted and running runs are left out.
 */
public record SummaryRow(String key, long runs, long successes, long failures, long rateLimited) {

    /** Between 0 and 1, or -1 when nothing was decided yet. */
    public double successRate() {
        long decided = successes + failures;
        return decided == 0 ? -1 : (double) successes / decided;
    }

    public String successRateText() {
        return rateText(successRate());
    }

    /** A rate as the tables show it: {@code 83 %}, or a dash when nothing was decided. */
    static String rateText(double rate) {
        return rate < 0 ? "—" : String.format("%.0f %%", rate * 100);
    }
}
