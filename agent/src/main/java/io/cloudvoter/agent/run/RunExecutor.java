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
import io.cloudvoter.agent.flow.FlowVariables;
import io.cloudvoter.agent.secrets.SecretStore;
import io.cloudvoter.agent.history.RunStore;
import io.cloudvoter.agent.schedule.RunLauncher;
import io.cloudvoter.model.api.FlowTry;
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
import java.util.Map;
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
    private final SecretStore secrets;
    private volatile SelectorChecks selectorChecks;

    public RunExecutor(BrowserWorkers browsers, FlowRunner runner, RunStore store, StorageStates states, Path artifacts,
                       EventBus bus, Clock clock, ScheduledExecutorService timers) {
        this(browsers, runner, store, states, artifacts, bus, clock, timers, null);
    }

    /** @param secrets the instances' secrets, filled into their flows and masked in what runs report; null for none */
    public RunExecutor(BrowserWorkers browsers, FlowRunner runner, RunStore store, StorageStates states, Path artifacts,
                       EventBus bus, Clock clock, ScheduledExecutorService timers, SecretStore secrets) {
        this.secrets = secrets;
        this.browsers = browsers;
        this.runner = runner;
        this.store = store;
        this.states = states;
        this.artifacts = artifacts;
        this.bus = bus;
        this.clock = clock;
        this.timers = timers;
    }

    /** Checks each flow's selectors with Playwright before its first run (and then not again). */
    public void selectorChecks(SelectorChecks checks) {
        this.selectorChecks = checks;
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
        var checks = selectorChecks;
        if (checks != null) {
            try {
                if (!checks.ensure(req.flow())) {
                    return new RunResult(null, Outcome.INTERRUPTED, null); // not run at all: its flow is a flow error now
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "selector check of " + req.flow().name() + " not done; the run goes ahead", e);
            }
        }
        RunRecord record;
        try {
            record = store.start(req.instanceId(), req.flow().name(), clock.instant(), req.attempt(), req.retryOf());
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
        var hidden = secretsOf(req.instanceId());
        done = new InBrowser(mask(done.result(), hidden), done.state(), done.artifact());
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

    private Map<String, String> secretsOf(String instanceId) {
        return secrets == null ? Map.of() : secrets.of(instanceId);
    }

    /** What a run reports, with its instance's secrets masked: message, extracted values. */
    static FlowResult mask(FlowResult r, Map<String, String> hidden) {
        if (hidden.isEmpty()) {
            return r;
        }
        var values = new java.util.LinkedHashMap<String, String>();
        r.values().forEach((k, v) -> values.put(k, SecretStore.mask(v, hidden)));
        var steps = r.steps().stream().map(t -> new io.cloudvoter.model.api.FlowTry.StepTiming(t.index(), t.kind(),
                SecretStore.mask(t.what(), hidden), t.ms(), t.ok(), SecretStore.mask(t.message(), hidden))).toList();
        return new FlowResult(r.outcome(), SecretStore.mask(r.message(), hidden), r.extracted(), r.retryAt(), r.screenshots(),
                r.reason(), values, steps, r.reached());
    }

    /** The flow as this run's instance runs it: its variables and secrets filled in. */
    private FlowSpec concrete(RunRequest req) {
        return FlowVariables.apply(req.flow(), new FlowVariables.Values(req.instanceId(), req.vars(), secretsOf(req.instanceId())));
    }

    /** Whether the run's storage state is saved back, as its flow's {@code saveState} says. */
    static boolean savesState(FlowSpec flow, FlowResult result) {
        return switch (flow.saveState()) {
            case REACHED -> result.reached();
            case SUCCESS -> result.outcome() == Outcome.SUCCESS;
            case NEVER -> false;
        };
    }

    /**
     * One run of {@code flow} that is neither recorded nor keeps anything: a throwaway context with
     * the instance's storage state and values (none: a fresh context), its state not saved back, its
     * screenshots in a temporary folder removed at once. The caller checks the target's rate limit.
     *
     * @param instanceId whose state and values to use; null for none
     * @throws BrowserUnavailableException when no browser can be had
     */
    public FlowTry tryFlow(FlowSpec flow, String instanceId, Map<String, String> vars) {
        var id = instanceId == null ? "try" : instanceId;
        var hidden = instanceId == null ? Map.<String, String>of() : secretsOf(instanceId);
        var concrete = FlowVariables.apply(flow, new FlowVariables.Values(id, vars, hidden));
        long started = System.nanoTime();
        return browsers.call("try of flow " + flow.name() + (instanceId == null ? "" : " for " + instanceId), (worker, session) -> {
            Path scratch = null;
            try {
                scratch = Files.createTempDirectory("cloudvoter-try-"); // 0700; the screenshots may show personal data
                var context = session.open(instanceId == null ? new Browser.NewContextOptions() : contextOptions(instanceId));
                var page = context.newPage();
                var deadline = clock.instant().plus(flow.timeout());
                var cut = timers.schedule(() -> session.cut("the try of " + flow.name() + " is still going " + CUT_GRACE.toSeconds()
                        + "s after its " + Durations.format(flow.timeout()) + " timeout"), flow.timeout().plus(CUT_GRACE).toMillis(),
                        TimeUnit.MILLISECONDS);
                FlowResult result;
                try {
                    result = runner.run(concrete, page, deadline, scratch, "try");
                } finally {
                    cut.cancel(false);
                }
                String png = null;
                if (!page.isClosed()) {
                    png = java.util.Base64.getEncoder().encodeToString(page.screenshot(new Page.ScreenshotOptions()
                            .setTimeout(Math.clamp(Duration.between(clock.instant(), deadline).toMillis(), 1_000, 5_000))));
                }
                var masked = mask(result, hidden);
                return new FlowTry(flow.name(), instanceId, masked.outcome(), masked.message(), masked.extracted(), masked.values(),
                        masked.steps(), (System.nanoTime() - started) / 1_000_000, png);
            } catch (PlaywrightException e) {
                return new FlowTry(flow.name(), instanceId, Outcome.ERROR, SecretStore.mask(session.failure(e), hidden), null, Map.of(),
                        List.of(), (System.nanoTime() - started) / 1_000_000, null);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("no temporary folder for the try's screenshots", e);
            } finally {
                deleteQuietly(scratch);
            }
        });
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException | RuntimeException e) {
            LOG.log(Level.FINE, "a try's temporary folder " + dir + " was not removed", e);
        }
    }

    /** Runs with the worker's gate held (let go whenever Playwright waits). */
    private InBrowser inBrowser(Run run, RunRecord record, BrowserWorker worker, BrowserWorker.Session session) {
        var req = run.request;
        FlowSpec flow = concrete(req);
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
            if (savesState(flow, result)) {
                state = context.storageState();
            }
            // A page that never loaded shows nothing: no blank screenshot for an unreachable target.
            if ((result.outcome() == Outcome.FAILED || result.outcome() == Outcome.ERROR) && !FlowResult.UNREACHABLE.equals(result.reason())) {
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
                        : session.failure(e), null, null, List.of());
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
        var done = store.finish(record.id(), result.outcome(), ms, result.message(), result.extracted(), artifact,
                result.values(), result.reason());
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
