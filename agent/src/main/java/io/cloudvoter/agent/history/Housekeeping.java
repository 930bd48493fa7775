package io.cloudvoter.agent.history;

import io.cloudvoter.agent.config.AgentConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Keeps the history bounded: at start and every hour, runs past the retention go, with their artifact files. */
public final class Housekeeping {
    private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());

    private final RunStore runs;
    private final Path artifacts;
    private final AgentConfig.Retention retention;
    private final Clock clock;
    private ScheduledFuture<?> task;

    public Housekeeping(RunStore runs, Path artifacts, AgentConfig.Retention retention, Clock clock) {
        this.runs = runs;
        this.artifacts = artifacts;
        this.retention = retention;
        this.clock = clock;
    }

    public void start(ScheduledExecutorService timers) {
        task = timers.scheduleWithFixedDelay(this::safePrune, 0, 1, TimeUnit.HOURS);
    }

    private void safePrune() {
        try {
            prune();
        } catch (Throwable t) {
            LOG.log(Level.SEVERE, "history retention failed; it runs again in an hour", t);
        }
    }

    /** Applies the retention once; returns how many runs were deleted. */
    public int prune() {
        var result = runs.prune(clock.instant().minus(retention.maxAge()), retention.maxRuns());
        for (var name : result.artifacts()) {
            delete(artifacts.resolve(name));
        }
        if (result.deleted() > 0) {
            LOG.info("Retention removed " + result.deleted() + " old run(s) and " + result.artifacts().size() + " artifact(s)");
        }
        return result.deleted();
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
            var name = file.getFileName().toString();
            if (name.startsWith("run-") && name.endsWith(".png")) {
                Files.deleteIfExists(file.resolveSibling(name.replace(".png", "-trace.zip")));
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete the artifact " + file, e);
        }
    }

    public void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
