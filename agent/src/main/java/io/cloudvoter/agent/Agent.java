package io.cloudvoter.agent;

import io.cloudvoter.agent.browser.BrowserPool;
import io.cloudvoter.agent.browser.BrowserSettings;
import io.cloudvoter.agent.browser.BrowserTuning;
import io.cloudvoter.agent.browser.BrowserWorkers;
import io.cloudvoter.agent.browser.IdleStop;
import io.cloudvoter.agent.browser.StorageStates;
import io.cloudvoter.agent.config.AgentConfig;
import io.cloudvoter.agent.demo.DemoSetup;
import io.cloudvoter.agent.events.EventBus;
import io.cloudvoter.agent.flow.FlowCatalog;
import io.cloudvoter.agent.flow.FlowParser;
import io.cloudvoter.agent.flow.FlowRunner;
import io.cloudvoter.agent.history.Database;
import io.cloudvoter.agent.history.Housekeeping;
import io.cloudvoter.agent.history.RunStore;
import io.cloudvoter.agent.run.RunExecutor;
import io.cloudvoter.agent.schedule.MonitoringSwitch;
import io.cloudvoter.agent.schedule.PlanStore;
import io.cloudvoter.agent.schedule.Scheduler;
import io.cloudvoter.agent.schedule.SchedulerLoop;
import io.cloudvoter.agent.web.TokenStore;
import io.cloudvoter.agent.web.WebRouting;
import io.cloudvoter.model.Protocol;
import io.cloudvoter.model.api.AgentInfo;

import io.helidon.webserver.WebServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
    private final IdleStop idleStop;
    private final WebServer server;
    private final AgentInfo info;
    private final int interruptedAtStart;
    private volatile boolean stopped;

    private Agent(AgentConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.lock = DataDirLock.acquire(config.dataDir());
        this.info = new AgentInfo(config.name(), VERSION, Protocol.VERSION, hostName(), clock.instant(), ProcessHandle.current().pid());
        this.tokens = new TokenStore(config.tokenFile(), config.token());
        this.database = Database.open(config.databaseFile());
        this.runs = new RunStore(database, clock);
        this.interruptedAtStart = runs.interruptLeftovers("the agent stopped while this run was in flight");
        var plan = new PlanStore(database);
        this.bus = new EventBus(clock);
        if (config.demo()) {
            DemoSetup.installFlow(config.flowsDir());
        }
        this.flows = new FlowCatalog(config.flowsDir(), new FlowParser(Map.of("{agent}", baseUrl())));
        flows.reload();
        var states = new StorageStates(config.stateDir());
        var executable = BrowserSettings.locate(config.chromium()).orElseThrow(() -> new IllegalStateException(
                "no Chromium found: install Debian's chromium-headless-shell (apt-get install -y chromium-headless-shell)"
                        + " or set CLOUDVOTER_CHROMIUM to a Chromium executable"));
        var tuning = BrowserTuning.from(config.raw());
        int cores = Runtime.getRuntime().availableProcessors();
        long memoryMb = BrowserWorkers.memoryMb();
        int workers = tuning.workers() > 0 ? tuning.workers() : BrowserWorkers.auto(cores, memoryMb);
        var settings = new BrowserSettings(executable, java.util.List.of(), driverTmp());
        var pools = new java.util.ArrayList<BrowserPool>();
        for (int i = 0; i < workers; i++) {
            pools.add(new BrowserPool(settings, clock));
        }
        this.browser = new BrowserWorkers(pools);
        int maxRuns = config.maxConcurrentRuns() > 0 ? config.maxConcurrentRuns() : workers;
        LOG.info(() -> "Browser workers: " + workers + (tuning.workers() > 0 ? "" : " (auto: " + cores + " cores, " + memoryMb + " MB)")
                + "; at most " + maxRuns + " run(s) at once");
        this.timers = Executors.newScheduledThreadPool(1, r -> {
            var t = new Thread(r, "cloudvoter-timers");
            t.setDaemon(true);
            return t;
        });
        var runner = new FlowRunner(clock, ZoneId.systemDefault());
        var executor = new RunExecutor(browser, runner, runs, states, config.artifactsDir(), bus, clock, timers);
        this.scheduler = new Scheduler(clock,
                new Scheduler.Settings(maxRuns, config.rateLimitPause(), Duration.ofHours(24)),
                flows, plan, runs.counters(), states, executor, bus, new MonitoringSwitch(config.dataDir()));
        scheduler.applyConfig(config.demo() ? DemoSetup.withDemoInstances(config.instances()) : config.instances());
        this.loop = new SchedulerLoop(scheduler, flows, bus);
        this.housekeeping = new Housekeeping(runs, config.artifactsDir(), config.retention(), clock);
        this.idleStop = new IdleStop(browser.pools(), tuning.idleStop());
        this.server = WebServer.builder()
                .host(config.bind())
                .port(config.port())
                .shutdownHook(false)
                .maxPayloadSize(8L * 1024 * 1024)
                .connectionOptions(o -> o.tcpNoDelay(true))
                .routing(r -> WebRouting.routing(r, new WebRouting.Parts(info, config, tokens, scheduler, flows, runs,
                        browser, states, clock)))
                .build();
    }

    /** Builds and starts an agent; the caller closes it. */
    public static Agent start(AgentConfig config) {
        return start(config, Clock.systemUTC());
    }

    public static Agent start(AgentConfig config, Clock clock) {
        if (config.port() == 0) {
            config = config.withPort(freePort()); // the demo flow's {agent} URL needs the port before the server binds
        }
        var agent = new Agent(config, clock);
        agent.server.start();
        agent.loop.start(config.tickInterval());
        agent.housekeeping.start(agent.timers);
        agent.idleStop.start(agent.timers);
        if (agent.interruptedAtStart > 0) {
            LOG.warning(agent.interruptedAtStart + " run(s) were cut by the previous stop; marked INTERRUPTED");
        }
        flowsReport(agent.flows);
        LOG.info(() -> "CloudVoter agent " + VERSION + " listening on " + agent.baseUrl()
                + " (" + agent.scheduler.statuses().size() + " instances, monitoring "
                + (agent.scheduler.monitoring() ? "on" : "off") + ")");
        return agent;
    }

    private static void flowsReport(FlowCatalog flows) {
        LOG.info(() -> "Flows in " + flows.folder() + ": " + flows.flows().size() + " valid, " + flows.problems().size() + " rejected");
    }

    public String baseUrl() {
        String host = config.bind().equals("0.0.0.0") || config.bind().equals("::") ? "127.0.0.1" : config.bind();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
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

    public AgentConfig config() {
        return config;
    }

    private java.nio.file.Path driverTmp() {
        var dir = config.dataDir().resolve("tmp");
        try {
            Files.createDirectories(dir);
            DriverLeftovers.clean(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir, e);
        }
        return dir;
    }

    /**
     * Stops in order: no new runs, in-flight runs get {@code grace} to finish, the rest are aborted
     * and recorded {@code INTERRUPTED}, the browser and its driver are closed (killed if they hang),
     * then the web server and the store.
     */
    public void stop(Duration grace) {
        if (stopped) {
            return;
        }
        stopped = true;
        Instant start = clock.instant();
        LOG.info("Stopping: no new runs; waiting up to " + grace.toSeconds() + "s for " + scheduler.runningNow() + " run(s) in flight");
        loop.close();
        idleStop.close();
        waitForRuns(grace);
        if (scheduler.runningNow() > 0) {
            scheduler.abortAll("the agent is stopping");
            waitForRuns(Duration.ofSeconds(3));
        }
        browser.close(Duration.ofSeconds(8));
        int cut = runs.interruptLeftovers("the agent stopped while this run was in flight");
        server.stop();
        timers.shutdownNow();
        database.close();
        lock.close();
        LOG.info("Stopped in " + Duration.between(start, clock.instant()).toMillis() + " ms"
                + (cut > 0 ? "; " + cut + " run(s) marked INTERRUPTED" : ""));
    }

    private void waitForRuns(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (scheduler.runningNow() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(15));
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
