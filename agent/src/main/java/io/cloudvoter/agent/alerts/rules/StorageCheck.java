package io.cloudvoter.agent.alerts.rules;

import io.cloudvoter.model.api.AlertSeverity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The data dir or the database failing: a probe (a commit to the database, a file written and
 * removed in the data dir, the free space) every {@code every}, alerting while it reports a problem.
 */
public final class StorageCheck implements AlertRule {
    public static final String NAME = "storage";

    /** What the probe found: nothing wrong (empty), or the problem in words and how bad it is. */
    public record Problem(AlertSeverity severity, String message) {
    }

    private final Duration every;
    private final Supplier<Optional<Problem>> probe;
    private Instant lastProbe;
    private Optional<Problem> last = Optional.empty();

    public StorageCheck(Duration every, Supplier<Optional<Problem>> probe) {
        this.every = every;
        this.probe = probe;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Verdict> evaluate(Instant now, Set<String> open) {
        if (lastProbe == null || !now.isBefore(lastProbe.plus(every))) {
            lastProbe = now;
            last = probe.get();
        }
        return List.of(last.map(p -> Verdict.firing(NAME, p.severity(), p.message(), null, null))
                .orElseGet(() -> Verdict.clear(NAME, "the data dir and the database take writes again")));
    }
}
