package io.cloudvoter.agent;

import io.cloudvoter.agent.alerts.Alerting;
import io.cloudvoter.agent.browser.BrowserPlacement;
import io.cloudvoter.agent.browser.BrowserSettings;
import io.cloudvoter.agent.browser.BrowserWorkers;
import io.cloudvoter.agent.browser.RunCapacity;
import io.cloudvoter.agent.browser.StorageStates;
import io.cloudvoter.agent.config.AgentConfig;
import io.cloudvoter.agent.config.ListenAddress;
import io.cloudvoter.agent.demo.DemoSetup;
import io.cloudvoter.agent.events.EventBus;
import io.cloudvoter.agent.flow.FlowCatalog;
import io.cloudvoter.agent.flow.FlowParser;
import io.cloudvoter.agent.flow.FlowRunner;
import io.cloudvoter.agent.guard.GuardActions;
import io.cloudvoter.agent.guard.GuardResponses;
import io.cloudvoter.agent.guard.GuardSettings;
import io.cloudvoter.agent.guard.Metric;
import io.cloudvoter.agent.guard.ProcReadings;
import io.cloudvoter.agent.guard.ResourceGuard;
import io.cloudvoter.agent.guard.ResourceSampler;
import io.cloudvoter.agent.health.AgentHealth;
import io.cloudvoter.agent.health.BrowserCheck;
import io.cloudvoter.agent.history.Database;
import io.cloudvoter.agent.history.Housekeeping;
import io.cloudvoter.agent.history.RunStore;
import io.cloudvoter.agent.logging.LogStream;
import io.cloudvoter.agent.logging.Redactor;
import io.cloudvoter.agent.metrics.AgentMetrics;
import io.cloudvoter.agent.run.RunExecutor;
import io.cloudvoter.agent.run.SelectorChecks;
import io.cloudvoter.agent.secrets.SecretStore;
import io.cloudvoter.agent.schedule.MonitoringSwitch;
import io.cloudvoter.agent.schedule.PlanStore;
import io.cloudvoter.agent.schedule.Scheduler;
import io.cloudvoter.agent.schedule.SchedulerLoop;
import io.cloudvoter.agent.systemd.SystemdNotify;
import io.cloudvoter.agent.stream.SnapshotBuilder;
import io.cloudvoter.agent.stream.StreamEndpoint;
import io.cloudvoter.agent.threads.DaemonThreads;
import io.cloudvoter.agent.web.AuthThrottle;
import io.cloudvoter.agent.web.AgentRestart;
import io.cloudvoter.agent.web.TokenStore;
import io.cloudvoter.agent.web.WebRouting;
import io.cloudvoter.model.Protocol;
import io.cloudvoter.model.api.AgentInfo;
import io.cloudvoter.model.events.CloseCodes;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsRouting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import java.util.logging.Logger;

/**
 * The running agent: every part built from the config, wired once, started, and stopped in the
 * reverse order. {@link Main} starts one for the process; tests start their own on a free port.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Agent.class.getName());
    public static final String VERSION = versionOf();

    private final AgentConfig config;
    private final Clock clock;
    private final DataDirLock lock;
    private final TokenStore tokens;
    private final Database database;
    private final RunStore runs;
    private final FlowCatalog flows;
    private final BrowserWorkers browser;
    private final EventBus bus;
    private final Scheduler scheduler;
    private final SchedulerLoop loop;
    private final ScheduledExecutorService timers;
    private final Housekeeping housekeeping;
    private final WebServer server;
    private final LogStream logStream;
    private final BrowserCheck browserCheck;
    private final SecretStore secrets;
    private final AgentHealth health;
    private final AgentStop stopping;
    private final StreamEndpoint stream;
    private final AgentMetrics metrics;
    private final boolean tls;
    private final AgentInfo info;
    private final int interruptedAtStart;
    private final GuardSettings guardSettings;
    private final ResourceGuard guard;
    private final ResourceSampler sampler;
    private final Optional<SystemdNotify> systemd;
    private final Alerting alerting;
    private final AtomicBoolean exiting = new AtomicBoolean();
    private volatile IntConsumer afterExitStop = code -> {
    };
    private volatile boolean stopped;

    private Agent(AgentConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        var sections = config.sections();
        this.guardSettings = sections.guard();
        var lifecycle = sections.browser().lifecycle();
        int configuredWorkers = sections.browser().workers();
        int configuredRunsPerWorker = sections.browser().runsPerWorker();
        var placement = sections.browser().placement();
        var streamSettings = sections.stream();
        var healthSettings = sections.health();
        var throttle = new AuthThrottle(sections.auth(), clock);
        this.tls = sections.tls().isPresent();
        this.lock = DataDirLock.acquire(config.dataDir());
        DriverLeftovers.cleanIfUsed(config.dataDir().resolve("tmp"));
        this.info = new AgentInfo(config.name(), VERSION, Protocol.VERSION, hostName(), clock.instant(), ProcessHandle.current().pid());
        this.tokens = new TokenStore(config.tokenFile(), config.token());
        this.database = Database.open(config.databaseFile());
        this.runs = new RunStore(database, clock);
        this.interruptedAtStart = runs.interruptLeftovers("the agent stopped while this run was in flight");
        var plan = new PlanStore(database);
        this.bus = new EventBus(clock, clock.millis() * 1000, streamSettings.replay(), streamSettings.snapshotLimits());
        if (config.demo()) {
            DemoSetup.installFlow(config.flowsDir());
        }
        this.flows = new FlowCatalog(config.flowsDir(), new FlowParser(Map.of("{agent}", baseUrl())));
        flows.reload();
        var states = new StorageStates(config.stateDir());
        var executable = BrowserSettings.locate(config.chromium()).or(() -> placement.local() ? Optional.empty()
                : Optional.of(java.nio.file.Path.of("/usr/bin/chromium-headless-shell"))) // never launched: the nodes run the browsers
                .orElseThrow(() -> new IllegalStateException(
                "no Chromium found: install Debian's chromium-headless-shell (apt-get install -y chromium-headless-shell)"
                        + " or set CLOUDVOTER_CHROMIUM to a Chromium executable"));
        var capacity = capacity(configuredWorkers, configuredRunsPerWorker, placement);
        int maxRuns = capacity.maxConcurrentRuns();
        LOG.info(() -> "Browser workers: " + (placement.local() ? capacity.workers() + " local, up to " + capacity.runsPerWorker()
                + " run(s) in flight each" : "no local browsers")
                + placement.endpoints().stream().map(e -> "; browser node " + e.display() + ", up to " + e.runs() + " run(s)")
                        .collect(java.util.stream.Collectors.joining())
                + (sections.browser().webgl() ? "" : "; WebGL off (browser.webgl: false)")
                + "; at most " + maxRuns + " run(s) at once" + (configuredWorkers > 0 && configuredRunsPerWorker > 0
                && config.maxConcurrentRuns() > 0 ? "" : " (auto: " + capacity.reason() + ")"));
        this.browser = BrowserWorkers.start(new BrowserSettings(executable, BrowserSettings.switches(sections.browser().webgl()),
                        config.dataDir().resolve("tmp")),
                lifecycle, clock, capacity.workers(), capacity.runsPerWorker(), placement.endpoints());
        this.timers = DaemonThreads.timer("cloudvoter-timers");
        var runner = new FlowRunner(clock, ZoneId.systemDefault());
        this.secrets = new SecretStore(config.dataDir().resolve("secrets"));
        var executor = new RunExecutor(browser, runner, runs, states, config.artifactsDir(), bus, clock, timers, secrets);
        var selectors = new SelectorChecks(flows, browser);
        executor.selectorChecks(selectors);
        this.scheduler = new Scheduler(clock,
                new Scheduler.Settings(maxRuns, config.rateLimitPause(), Duration.ofHours(24), config.failureBackoffMax()),
                flows, plan, runs.counters(), states, executor, bus, new MonitoringSwitch(config.dataDir()));
        scheduler.secretNames(secrets::names);
        scheduler.onRemoved(secrets::delete);
        scheduler.applyConfig(config.demo() ? DemoSetup.withDemoInstances(config.instances()) : config.instances());
        this.guard = new ResourceGuard(guardSettings, new GuardActions(database), bus, guardResponses(), clock);
        scheduler.admission(guard);
        this.sampler = new ResourceSampler(new ProcReadings(
                () -> browser.processes().all().stream().map(ProcessHandle::pid).toList(), clock),
                guardSettings, bus, guard::onSample, browser::workerStatuses);
        this.systemd = SystemdNotify.fromEnvironment(System.getenv());
        bus.seed(scheduler.statuses(), scheduler.monitoring(), flows.problems());
        this.logStream = new LogStream(bus, new Redactor(tokens::reveal, secrets::allValues), streamSettings.logLevel(),
                streamSettings.logRate());
        this.browserCheck = BrowserCheck.of(browser, scheduler::runningNow, clock, healthSettings);
        bus.subscribe(browserCheck);
        bus.subscribe(new io.cloudvoter.agent.history.PrivateArtifacts(config.artifactsDir(), timers));
        this.stream = new StreamEndpoint(bus, new SnapshotBuilder(info, maxRuns, browser::status,
                bus::recentResources, bus::recentGuardActions, browser::workerStatuses), streamSettings, clock);
        this.metrics = new AgentMetrics(new AgentMetrics.Parts(VERSION, bus, scheduler, browser, stream, logStream, throttle));
        // Alerts: fed by the bus, the browser's status and the store; closed first in stop(), before the store.
        this.alerting = Alerting.create(new Alerting.Parts(sections.alerts(), info, baseUrl(), database, runs, config.dataDir(),
                bus, scheduler::statuses, browser::status, interruptedAtStart, clock));
        metrics.extend(alerting::metrics);
        this.health = new AgentHealth(runs, scheduler::lastTick, browserCheck, healthSettings, clock);
        var live = new WebRouting.Live(throttle, health, metrics,
                () -> stream.closeAll(CloseCodes.TOKEN_ROTATED, "token rotated; reconnect with the new token"));
        this.loop = new SchedulerLoop(scheduler, flows, bus);
        loop.afterReload(selectors::checkLoaded);
        this.housekeeping = new Housekeeping(runs, config.artifactsDir(), config.retention(), clock);
        var web = WebServer.builder()
                .host(config.bind())
                .port(config.port())
                .shutdownHook(false)
                .update(sections.http()::applyTo)
                .routing(r -> WebRouting.routing(r, new WebRouting.Parts(info, config, tokens, scheduler, flows, runs,
                        browser, states, clock, sampler::latest, restarter(), executor, secrets), live, alerting))
                .addRouting(WsRouting.builder().endpoint(Protocol.STREAM_PATH, stream));
        sections.tls().ifPresent(web::tls);
        this.server = web.build();
        this.stopping = new AgentStop(new AgentStop.Parts(clock, config.dataDir(), systemd, sampler, loop, scheduler, browser,
                browserCheck, runs, stream, server, logStream, timers, database, lock));
    }

    /** Builds and starts an agent; the caller closes it. */
    public static Agent start(AgentConfig config) {
        return start(config, Clock.systemUTC());
    }

    public static Agent start(AgentConfig config, Clock clock) {
        return start(config, clock, true);
    }

    /**
     * As {@link #start(AgentConfig)}, without the browser health probe's cycle: for embeddings that
     * serve the web layer and the stream and never ask for readiness (tests of routes, auth, TLS, HTTP
     * timeouts, the WebSocket). Nothing else changes: a run still launches the real Chromium and proves
     * it, and until one does, readiness reports "first browser probe still in progress". This saves the
     * Playwright driver and the Chromium that the first probe would start (about 1 s of CPU each time).
     */
    public static Agent startWithoutBrowserProbe(AgentConfig config) {
        return start(config, Clock.systemUTC(), false);
    }

    private static Agent start(AgentConfig config, Clock clock, boolean probeBrowser) {
        if (config.port() == 0) {
            config = config.withPort(freePort()); // the demo flow's {agent} URL needs the port before the server binds
        }
        ListenAddress.claim(config.bind(), config.port()); // before anything else: a port in use must not cost a demo run
        var agent = new Agent(config, clock);
        agent.logStream.attach();
        agent.server.start();
        if (!agent.server.isRunning()) { // Helidon logs a failed bind and returns; the port was taken just now
            agent.stop(Duration.ZERO);
            throw ListenAddress.inUse(config.bind(), config.port());
        }
        agent.sampler.start(); // first: the guard judges one sample before the scheduler admits a run
        AgentAddress.write(config.dataDir(), agent.baseUrl());
        if (probeBrowser) {
            agent.browserCheck.start();
        }
        agent.loop.start(config.tickInterval());
        agent.housekeeping.start(agent.timers);
        agent.alerting.start();
        io.cloudvoter.agent.guard.HeapTrim.schedule(agent.timers); // memory back after a burst (serial GC)
        if (agent.interruptedAtStart > 0) {
            LOG.warning(agent.interruptedAtStart + " run(s) were cut by the previous stop; marked INTERRUPTED");
        }
        flowsReport(agent.flows);
        LOG.info(() -> "CloudVoter agent " + VERSION + " listening on " + agent.baseUrl()
                + " (" + agent.scheduler.statuses().size() + " instances, monitoring "
                + (agent.scheduler.monitoring() ? "on" : "off") + ")");
        agent.systemd.ifPresent(s -> s.ready("listening on " + agent.baseUrl(), agent.timers, agent.health::watchdogHealthy));
        return agent;
    }

    private static void flowsReport(FlowCatalog flows) {
        LOG.info(() -> "Flows in " + flows.folder() + ": " + flows.flows().size() + " valid, " + flows.rejectedFiles() + " file(s) with problems");
    }

    public String baseUrl() {
        String host = config.bind().equals("0.0.0.0") || config.bind().equals("::") ? "127.0.0.1" : config.bind();
        return (tls ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    public int port() {
        return server != null && server.isRunning() ? server.port() : config.port();
    }

    public TokenStore tokens() {
        return tokens;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public RunStore runs() {
        return runs;
    }

    public BrowserWorkers browser() {
        return browser;
    }

    public EventBus bus() {
        return bus;
    }

    public FlowCatalog flows() {
        return flows;
    }

    /** The resource guard: its level, and {@link ResourceGuard#recentActions()} for the event stream's snapshot. */
    public ResourceGuard guard() {
        return guard;
    }

    public StreamEndpoint stream() {
        return stream;
    }

    public AgentMetrics metrics() {
        return metrics;
    }

    public Alerting alerting() {
        return alerting;
    }

    public AgentConfig config() {
        return config;
    }

    /** The resource sampler: {@link ResourceSampler#latest()} and {@link ResourceSampler#history()} for the desktop's charts. */
    public ResourceSampler sampler() {
        return sampler;
    }

    /**
     * What happens after a stop the agent asked for itself (the guard's critical level): {@link Main}
     * ends the process with the code; by default (tests) nothing more happens.
     */
    public void afterExitStop(IntConsumer exit) {
        this.afterExitStop = exit;
    }

    /**
     * Stops the agent gracefully on a thread of its own, then hands {@code exitCode} to
     * {@link #afterExitStop}. Only the first request counts.
     */
    public void requestExit(int exitCode, String reason, Duration grace) {
        if (!exiting.compareAndSet(false, true)) {
            return;
        }
        var t = new Thread(() -> {
            LOG.warning("Stopping with exit code " + exitCode + ": " + reason);
            try {
                stop(grace);
            } catch (Throwable e) {
                LOG.log(java.util.logging.Level.SEVERE, "stopping failed; exiting anyway", e);
            } finally {
                afterExitStop.accept(exitCode);
            }
        }, "cloudvoter-exit");
        // Not a daemon (a signal handler's thread is one, and its children inherit that): once the
        // web server stops, this thread alone must keep the JVM alive until the stop is complete.
        t.setDaemon(false);
        t.start();
    }

    /** Workers and runs in flight: what is configured, the rest from the cores, the memory and the guard's agent-pss soft threshold. */
    private RunCapacity capacity(int workers, int runsPerWorker, BrowserPlacement placement) {
        var soft = guardSettings.of(Metric.AGENT_PSS).soft();
        return RunCapacity.plan(workers, runsPerWorker, config.maxConcurrentRuns(), Runtime.getRuntime().availableProcessors(),
                RunCapacity.memoryMb(), soft == null ? null : soft / (1024 * 1024), placement);
    }

    /** Exit code of a stop that asks the supervisor for a fresh agent (the guard's critical stop uses it too). */
    public static final int EXIT_RESTART = ResourceGuard.EXIT_CRITICAL;

    private AgentRestart restarter() {
        boolean supervised = config.supervised();
        return new AgentRestart() {
            @Override
            public Optional<String> refusal() {
                return supervised ? Optional.empty() : Optional.of(AgentRestart.unsupervisedReason());
            }

            @Override
            public void restart(String reason) {
                requestExit(EXIT_RESTART, reason, config.stopGrace());
            }
        };
    }

    private GuardResponses guardResponses() {
        return new GuardResponses() {
            @Override
            public java.util.concurrent.CompletableFuture<?> recycleBrowser(String reason) {
                return browser.recycle(reason);
            }

            @Override
            public void interruptRuns(String reason) {
                scheduler.abortAll(reason);
            }

            @Override
            public void shutdown(int exitCode, String reason) {
                requestExit(exitCode, reason, guardSettings.stopGrace());
            }
        };
    }


    /** Stops in order (see {@link AgentStop}); only the first call does anything. */
    public void stop(Duration grace) {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        // First: the queued events are applied and what is undelivered stays in the outbox for the next
        // start; runs that end during the grace are read back from the history by the rules then.
        alerting.close();
        stopping.run(grace);
    }

    @Override
    public void close() {
        stop(config.stopGrace());
    }

    private static int freePort() {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String versionOf() {
        String v = Agent.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
