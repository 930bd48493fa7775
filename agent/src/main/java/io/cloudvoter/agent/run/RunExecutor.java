package io.cloudvoter.agent.run;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Tracing;
import io.cloudvoter.agent.browser.BrowserPool;
import io.cloudvoter.agent.browser.BrowserUnavailableException;
import io.cloudvoter.agent.browser.BrowserWorkers;
import io.cloudvoter.agent.browser.StorageStates;
import io.cloudvoter.agent.config.Durations;
import io.cloudvoter.agent.events.EventBus;
import io.cloudvoter.agent.flow.FlowResult;
import io.cloudvoter.agent.flow.FlowRunner;
import io.cloudvoter.agent.history.RunStore;
import io.cloudvoter.agent.schedule.RunLauncher;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;
import io.cloudvoter.model.events.RunFinished;
import io.cloudvoter.model.events.RunStarted;
import io.cloudvoter.model.flow.FlowSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One run end to end: row written at start ({@code RUNNING}), a fresh context with the instance's
 * storage state, the flow's steps, the state saved after a success, a screenshot after a failure,
 * the context closed, the row completed, and both ends published as events.
 */
public final class RunExecutor implements RunLauncher {
    private static final Logger LOG = Logger.getLogger(RunExecutor.class.getName());
    /** How long past its timeout a run may hang before the browser is killed under it. */
    private static final Duration WATCHDOG_GRACE = Duration.ofSeconds(15);

    private final BrowserWorkers browsers;
    private final FlowRunner runner;
    private final RunStore store;
    private final StorageStates states;
    private final Path artifacts;
    private final EventBus bus;
    private final Clock clock;
    private final ScheduledExecutorService timers;

    public RunExecutor(BrowserWorkers browsers, FlowRunner runner, RunStore store, StorageStates states, Path artifacts,
                       EventBus bus, Clock clock, ScheduledExecutorService timers) {
        this.browsers = browsers;
        this.runner = runner;
        this.store = store;
        this.states = states;
        this.artifacts = artifacts;
        this.bus = bus;
        this.clock = clock;
        this.timers = timers;
    }

    @Override
    public RunHandle launch(RunRequest request) {
        var handle = new Run(request);
        browsers.run((worker, contexts) -> execute(handle, contexts, worker)).whenComplete((result, error) -> {
            if (error == null) {
                handle.complete(result);
            } else {
                handle.complete(failedOutside(handle, BrowserPool.cause(error)));
            }
        });
        return handle;
    }

    /** {@code pool} is the worker this run is on: the watchdog kills its Chromium only, never another worker's. */
    private RunResult execute(Run run, BrowserPool.ContextOpener contexts, BrowserPool pool) {
        var req = run.request;
        if (run.abortReason() != null) {
            return new RunResult(null, Outcome.INTERRUPTED, null);
        }
        FlowSpec flow = req.flow();
        Instant started = clock.instant();
        RunRecord record = store.start(req.instanceId(), flow.name(), started);
        run.started(record);
        bus.publish((seq, time) -> new RunStarted(seq, time, record));
        Instant deadline = started.plus(flow.timeout());
        var watchdog = timers.schedule(() -> pool.kill("run " + record.id() + " of " + req.instanceId()
                        + " is still going " + WATCHDOG_GRACE.toSeconds() + "s after its " + Durations.format(flow.timeout()) + " timeout"),
                flow.timeout().plus(WATCHDOG_GRACE).toMillis(), TimeUnit.MILLISECONDS);
        FlowResult result;
        String artifact = null;
        BrowserContext context = null;
        try {
            context = contexts.open(contextOptions(req.instanceId()));
            if (flow.trace()) {
                context.tracing().start(new Tracing.StartOptions().setScreenshots(true).setSnapshots(true));
            }
            Page page = context.newPage();
            result = runner.run(flow, page, deadline, artifacts, "run-" + record.id(), run::abortReason);
            if (result.outcome() == Outcome.ERROR && run.abortReason() != null) {
                // A step cut because the agent killed the browser to stop: the stop is what happened.
                result = new FlowResult(Outcome.INTERRUPTED, run.abortReason() + " (" + result.message() + ")",
                        result.extracted(), null, result.screenshots());
            }
            if (result.outcome() == Outcome.SUCCESS) {
                states.save(req.instanceId(), context.storageState());
            } else if (result.outcome() == Outcome.FAILED || result.outcome() == Outcome.ERROR) {
                artifact = screenshot(page, record.id());
            }
            if (artifact == null && !result.screenshots().isEmpty()) {
                artifact = result.screenshots().getLast().getFileName().toString();
            }
            if (flow.trace()) {
                stopTrace(context, result.outcome(), record.id());
            }
        } catch (PlaywrightException e) {
            boolean late = !clock.instant().isBefore(deadline);
            if (run.abortReason() != null && !late) {
                // Aborted (a stop, a restart) and then cut by the browser closing under it: the stop is what happened.
                result = new FlowResult(Outcome.INTERRUPTED, run.abortReason() + " (the browser was closed mid-step)",
                        null, null, java.util.List.of());
            } else {
                result = new FlowResult(Outcome.ERROR, late
                        ? "run exceeded its " + Durations.format(flow.timeout()) + " timeout; the browser was stopped"
                        : "browser failure: " + BrowserPool.firstLine(e.getMessage()), null, null, java.util.List.of());
            }
        } catch (BrowserUnavailableException e) {
            result = new FlowResult(Outcome.ERROR, "browser unavailable: " + e.getMessage(), null, null, java.util.List.of());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "[instance " + req.instanceId() + "] run " + record.id() + " failed unexpectedly", e);
            result = new FlowResult(Outcome.ERROR, "agent error: " + e, null, null, java.util.List.of());
        } finally {
            watchdog.cancel(false);
        }
        pool.countRun();
        return new RunResult(finish(record, result, artifact), result.outcome(), result.retryAt());
    }

    private RunRecord finish(RunRecord record, FlowResult result, String artifact) {
        long ms = Duration.between(record.startedAt(), clock.instant()).toMillis();
        var done = store.finish(record.id(), result.outcome(), ms, result.message(), result.extracted(), artifact);
        bus.publish((seq, time) -> new RunFinished(seq, time, done));
        Level level = switch (done.outcome()) {
            case SUCCESS -> Level.INFO;
            case ERROR -> Level.SEVERE;
            default -> Level.WARNING;
        };
        LOG.log(level, () -> "[instance " + done.instanceId() + "] run " + done.id() + " " + done.outcome() + " in "
                + ms + " ms" + (done.extracted() != null ? " (extracted " + done.extracted() + ")" : "")
                + (done.message() != null ? ": " + done.message() : ""));
        return done;
    }

    /** The browser could not even give a context (e.g. Chromium will not start): still recorded. */
    private RunResult failedOutside(Run run, Throwable error) {
        String message = "browser unavailable: " + BrowserPool.firstLine(error.getMessage());
        try {
            RunRecord record = run.record();
            if (record == null) {
                record = store.start(run.request.instanceId(), run.request.flow().name(), clock.instant());
                var started = record;
                bus.publish((seq, time) -> new RunStarted(seq, time, started));
            }
            return new RunResult(finish(record, new FlowResult(Outcome.ERROR, message, null, null, java.util.List.of()), null),
                    Outcome.ERROR, null);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "[instance " + run.request.instanceId() + "] could not record a failed run: " + message, e);
            return new RunResult(null, Outcome.ERROR, null);
        }
    }

    private Browser.NewContextOptions contextOptions(String instanceId) {
        var options = new Browser.NewContextOptions();
        states.existing(instanceId).ifPresent(options::setStorageStatePath);
        return options;
    }

    private String screenshot(Page page, long runId) {
        try {
            if (page.isClosed()) {
                return null;
            }
            Files.createDirectories(artifacts);
            var name = "run-" + runId + ".png";
            page.screenshot(new Page.ScreenshotOptions().setPath(artifacts.resolve(name)).setTimeout(5_000));
            return name;
        } catch (Exception e) {
            LOG.log(Level.FINE, "no failure screenshot for run " + runId, e);
            return null;
        }
    }

    private void stopTrace(BrowserContext context, Outcome outcome, long runId) {
        try {
            if (outcome == Outcome.SUCCESS) {
                context.tracing().stop();
            } else {
                context.tracing().stop(new Tracing.StopOptions().setPath(artifacts.resolve("run-" + runId + "-trace.zip")));
            }
        } catch (PlaywrightException e) {
            LOG.log(Level.FINE, "no trace for run " + runId, e);
        }
    }
}
