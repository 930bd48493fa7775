package io.cloudvoter.agent.run;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Tracing;
import io.cloudvoter.agent.browser.BrowserUnavailableException;
import io.cloudvoter.agent.browser.BrowserWorker;
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
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One run end to end, on a virtual thread of its own: row written at start ({@code RUNNING}), a
 * fresh context with the instance's storage state on the worker with room, the flow's steps, the
 * state saved after a success, a screenshot after a failure, the context closed, the row
 * completed, and both ends published as events. The SQLite writes and the state file happen
 * outside the worker's gate, so other runs' browser calls never wait for them.
 */
public final class RunExecutor implements RunLauncher {
    private static final Logger LOG = Logger.getLogger(RunExecutor.class.getName());
    /** How long past its timeout a run may hang before its context is closed under it. */
    private static final Duration CUT_GRACE = Duration.ofSeconds(5);
    /** How long past its timeout a run may hang before the whole browser is killed under it (its context would not close). */
    private static final Duration KILL_GRACE = Duration.ofSeconds(15);

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
        var run = new Run(request);
        Thread.ofVirtual().name("cloudvoter-run-" + request.instanceId()).start(() -> run.complete(execute(run)));
        return run;
    }

    /** Whatever happens, a result: the row is completed, or the failure to record is logged. */
    private RunResult execute(Run run) {
        var req = run.request;
        if (run.abortReason() != null) {
            return new RunResult(null, Outcome.INTERRUPTED, null);
        }
        RunRecord record;
        try {
            record = store.start(req.instanceId(), req.flow().name(), clock.instant());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "[instance " + req.instanceId() + "] could not record the start of a run; it does not run", e);
            return new RunResult(null, Outcome.ERROR, null);
        }
        run.started(record);
        bus.publish((seq, time) -> new RunStarted(seq, time, record));
        InBrowser done;
        try {
            done = browsers.call("run " + record.id() + " (" + req.instanceId() + ")",
                    (worker, session) -> inBrowser(run, record, worker, session));
        } catch (BrowserUnavailableException e) {
            done = InBrowser.of(new FlowResult(Outcome.ERROR, "browser unavailable: " + e.getMessage(), null, null, List.of()));
        } catch (RuntimeException e) {
            var cause = BrowserWorker.cause(e);
            LOG.log(Level.SEVERE, "[instance " + req.instanceId() + "] run " + record.id() + " failed outside its flow", cause);
            done = InBrowser.of(new FlowResult(Outcome.ERROR, "browser unavailable: " + BrowserWorker.firstLine(cause.getMessage()),
                    null, null, List.of()));
        }
        if (done.state() != null) {
            try {
                states.save(req.instanceId(), done.state());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "[instance " + req.instanceId() + "] the storage state of run " + record.id()
                                       + " could not be saved; the next run starts from the previous one", e);
            }
        }
        try {
            return new RunResult(finish(record, done.result(), done.artifact()), done.result().outcome(), done.result().retryAt());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "[instance " + req.instanceId() + "] could not record the end of run " + record.id()
                                  + " (" + done.result().outcome() + "); the next start marks it INTERRUPTED", e);
            return new RunResult(null, done.result().outcome(), done.result().retryAt());
        }
    }

    /** What a run brings back from the browser: its result, the state to save (after a success), its artifact. */
    private record InBrowser(FlowResult result, String state, String artifact) {
        static InBrowser of(FlowResult result) {
            return new InBrowser(result, null, null);
        }
    }

    /** Runs with the worker's gate held (let go whenever Playwright waits). */
    private InBrowser inBrowser(Run run, RunRecord record, BrowserWorker worker, BrowserWorker.Session session) {
        var req = run.request;
        FlowSpec flow = req.flow();
        Instant deadline = clock.instant().plus(flow.timeout()); // from admission: a wait for a browser being replaced is not the flow's
        var watchdog = watchdog(run, record, worker, session, flow);
        FlowResult result;
        String state = null;
        String artifact = null;
        try {
            BrowserContext context = session.open(contextOptions(req.instanceId()));
            if (flow.trace()) {
                context.tracing().start(new Tracing.StartOptions().setScreenshots(true).setSnapshots(true));
            }
            Page page = context.newPage();
            run.stepsStart(session);
            try {
                result = runner.run(flow, page, deadline, artifacts, "run-" + record.id(), run::abortReason);
            } finally {
                run.stepsEnd();
            }
            if (result.outcome() == Outcome.ERROR && run.abortReason() != null) {
                // A step cut because the run was stopped: the stop is what happened.
                result = new FlowResult(Outcome.INTERRUPTED, run.abortReason() + " (" + result.message() + ")",
                        result.extracted(), null, result.screenshots());
            }
            if (result.outcome() == Outcome.SUCCESS) {
                state = context.storageState();
            } else if (result.outcome() == Outcome.FAILED || result.outcome() == Outcome.ERROR) {
                artifact = screenshot(page, record.id(), deadline);
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
                // Stopped (a stop, a restart) by closing its context mid-step: the stop is what happened.
                result = new FlowResult(Outcome.INTERRUPTED, run.abortReason() + " (cut mid-step)", null, null, List.of());
            } else {
                result = new FlowResult(Outcome.ERROR, late
                        ? "run exceeded its " + Durations.format(flow.timeout()) + " timeout; its browser context was closed"
                        : "browser failure: " + BrowserWorker.firstLine(e.getMessage()), null, null, List.of());
            }
        } catch (BrowserUnavailableException e) {
            result = new FlowResult(Outcome.ERROR, "browser unavailable: " + e.getMessage(), null, null, List.of());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "[instance " + req.instanceId() + "] run " + record.id() + " failed unexpectedly", e);
            result = new FlowResult(Outcome.ERROR, "agent error: " + e, null, null, List.of());
        } finally {
            watchdog.forEach(f -> f.cancel(false));
        }
        return new InBrowser(result, state, artifact);
    }

    /**
     * A run that overruns its timeout (a step that does not end, a driver that does not answer):
     * first its own context is closed, which ends its call; if even that does not end it, the
     * worker's Chromium is killed, naming every run that cuts. Both only past the flow's own timeout.
     */
    private List<ScheduledFuture<?>> watchdog(Run run, RunRecord record, BrowserWorker worker, BrowserWorker.Session session,
                                              FlowSpec flow) {
        var what = "run " + record.id() + " of " + record.instanceId();
        var timeout = Durations.format(flow.timeout());
        var cut = timers.schedule(() -> session.cut(what + " is still going " + CUT_GRACE.toSeconds() + "s after its "
                + timeout + " timeout"), flow.timeout().plus(CUT_GRACE).toMillis(), TimeUnit.MILLISECONDS);
        var kill = timers.schedule(() -> worker.kill(what + " is still going " + KILL_GRACE.toSeconds() + "s after its "
                + timeout + " timeout, though its context was closed"), flow.timeout().plus(KILL_GRACE).toMillis(), TimeUnit.MILLISECONDS);
        return List.of(cut, kill);
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

    private Browser.NewContextOptions contextOptions(String instanceId) {
        var options = new Browser.NewContextOptions();
        states.existing(instanceId).ifPresent(options::setStorageStatePath);
        return options;
    }

    /** At most 5 s, and at most 1 s past the run's deadline: a page that never loaded must not hold the run much longer. */
    private String screenshot(Page page, long runId, Instant deadline) {
        try {
            if (page.isClosed()) {
                return null;
            }
            Files.createDirectories(artifacts);
            var name = "run-" + runId + ".png";
            long left = Duration.between(clock.instant(), deadline).toMillis();
            page.screenshot(new Page.ScreenshotOptions().setPath(artifacts.resolve(name))
                    .setTimeout(Math.clamp(left, 1_000, 5_000)));
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
