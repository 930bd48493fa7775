package io.cloudvoter.desktop.session;

import io.cloudvoter.desktop.alerts.AlertsApi;
import io.cloudvoter.desktop.alerts.AlertsModel;
import io.cloudvoter.desktop.concurrent.UiExecutor;
import io.cloudvoter.desktop.connection.AgentApi;
import io.cloudvoter.desktop.connection.AgentConnection;
import io.cloudvoter.desktop.connection.Backoff;
import io.cloudvoter.desktop.connection.EventStream;
import io.cloudvoter.desktop.connection.Profile;
import io.cloudvoter.desktop.controls.ControlsModel;
import io.cloudvoter.desktop.flows.FlowsApi;
import io.cloudvoter.desktop.flows.FlowsModel;
import io.cloudvoter.desktop.history.HistoryModel;
import io.cloudvoter.desktop.instances.InstancesModel;
import io.cloudvoter.desktop.logs.LogsModel;
import io.cloudvoter.desktop.notify.AlertRules;
import io.cloudvoter.desktop.notify.Notice;
import io.cloudvoter.desktop.resources.ResourcesModel;
import io.cloudvoter.desktop.ssh.SshFiles;
import io.cloudvoter.desktop.ssh.SshTunnel;
import io.cloudvoter.model.Protocol;
import io.cloudvoter.model.api.LogLine;
import io.cloudvoter.model.events.AgentEvent;
import io.cloudvoter.model.events.AlertChanged;
import io.cloudvoter.model.events.ErrorEvent;
import io.cloudvoter.model.events.FlowsChanged;
import io.cloudvoter.model.events.GuardEvent;
import io.cloudvoter.model.events.InstanceChanged;
import io.cloudvoter.model.events.InstanceRemoved;
import io.cloudvoter.model.events.LogEvent;
import io.cloudvoter.model.events.MonitoringChanged;
import io.cloudvoter.model.events.Pong;
import io.cloudvoter.model.events.ResourcesEvent;
import io.cloudvoter.model.events.RunFinished;
import io.cloudvoter.model.events.RunStarted;
import io.cloudvoter.model.events.Snapshot;
import io.cloudvoter.model.events.UnknownEvent;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Everything the client knows about one agent: its connection, the feature models kept current by
 * its events (the agent's alerts among them), and the notices about the link itself. Events arrive
 * in batches on the FX thread and are routed here.
 */
public final class AgentSession {
    static final Duration HEALTH_EVERY = Duration.ofSeconds(30);

    private final Profile profile;
    private final SshTunnel tunnel;
    private final AgentApi api;
    private final UiExecutor executor;
    private final AgentConnection connection;
    private final AgentOverview overview = new AgentOverview();
    private final InstancesModel instances;
    private final FlowsModel flows;
    private final io.cloudvoter.desktop.instances.InstanceChanges changes;
    private final LogsModel logs;
    private final ResourcesModel resources = new ResourcesModel();
    private final HistoryModel history;
    private final ControlsModel controls;
    private final AlertRules alerts;
    private final AlertsModel agentAlerts;
    private final Clock clock;
    private final Consumer<Notice> notices;
    private UiExecutor.Cancellable healthTimer = UiExecutor.Cancellable.NONE;
    private int protocolWarned;

    public AgentSession(Profile profile, HttpClient http, EventStream stream, UiExecutor executor, Clock clock,
                        ZoneId zone, Backoff backoff, Consumer<Notice> notices) {
        this(profile, http, stream, executor, clock, zone, backoff, notices, null, null);
    }

    /**
     * @param sshFiles  known_hosts, ssh config and default keys, for a profile that goes through SSH
     * @param sshBackoff the tunnel's own reconnect delays (the same kind as the stream's)
     */
    public AgentSession(Profile profile, HttpClient http, EventStream stream, UiExecutor executor, Clock clock,
                        ZoneId zone, Backoff backoff, Consumer<Notice> notices, SshFiles sshFiles, Backoff sshBackoff) {
        this.profile = profile;
        this.executor = executor;
        this.clock = clock;
        this.notices = notices;
        if (profile.ssh() != null) {
            var remote = java.net.URI.create(profile.url());
            tunnel = new SshTunnel(profile.name(), profile.ssh(), remote.getHost(), remote.getPort() < 0 ? 80 : remote.getPort(),
                    sshFiles == null ? SshFiles.ofUser() : sshFiles, executor,
                    sshBackoff == null ? Backoff.standard() : sshBackoff, clock);
        } else {
            tunnel = null;
        }
        // the REST calls and the stream go to the near end of the tunnel; the profile keeps the far end
        var reached = tunnel == null ? profile : profile.reachedAt(tunnel.localUrl());
        this.api = new AgentApi(http, reached);
        this.instances = new InstancesModel(api, executor, clock, notices);
        this.changes = new io.cloudvoter.desktop.instances.InstanceChanges(api, instances, executor, clock, notices);
        this.flows = new FlowsModel(new FlowsApi(api), executor, clock, profile.name(), notices, instances.rows());
        this.logs = new LogsModel(LogsModel.DEFAULT_CAPACITY, executor, zone);
        this.history = new HistoryModel(api, executor, clock, zone, notices);
        this.controls = new ControlsModel(api, overview, executor, clock, notices);
        this.alerts = new AlertRules(profile.name(), clock, notices);
        this.agentAlerts = new AlertsModel(new AlertsApi(api), executor, clock, profile.name(), notices);
        this.connection = new AgentConnection(reached, stream, () -> api.status().agent(), api::answersHealth, executor,
                backoff, clock, this::apply);
        connection.statusProperty().addListener((o, was, is) -> {
            alerts.connection(is);
            if (is.connected() && (was == null || !was.connected())) { // the link came up, not a detail of it changed
                checkHealth();
                agentAlerts.refresh();
            }
        });
    }

    public void open() {
        if (tunnel != null) {
            tunnel.onUp(connection::retryNow);
            tunnel.open();
        }
        connection.open();
        healthTimer.cancel();
        healthTimer = executor.every(HEALTH_EVERY, this::checkHealth);
        checkHealth();
    }

    public void close() {
        healthTimer.cancel();
        connection.close();
        if (tunnel != null) {
            tunnel.close();
        }
    }

    /** The SSH tunnel of a profile that goes through SSH, or null. */
    public SshTunnel tunnel() {
        return tunnel;
    }

    /** Applies a batch of events, in order. Log lines of one batch reach the log model as one change. */
    void apply(List<AgentEvent> batch) {
        var lines = new ArrayList<LogLine>();
        long dropped = 0;
        for (var event : batch) {
            if (event instanceof LogEvent l) {
                lines.add(l.line());
                dropped += l.dropped();
                continue;
            }
            if (!lines.isEmpty() || dropped > 0) {
                logs.append(List.copyOf(lines), dropped);
                lines.clear();
                dropped = 0;
            }
            route(event);
        }
        if (!lines.isEmpty() || dropped > 0) {
            logs.append(lines, dropped);
        }
        var latest = resources.latest();
        long memory = latest == null || latest.agentPss() == null ? -1
                : latest.agentPss() + (latest.browserPss() == null ? 0 : latest.browserPss());
        overview.figures(instances.rows().size(), instances.successRate(), memory);
    }

    private void route(AgentEvent event) {
        switch (event) {
            case Snapshot s -> {
                if (s.protocol() > Protocol.VERSION && s.protocol() != protocolWarned) {
                    protocolWarned = s.protocol();
                    notices.accept(Notice.alert(clock.instant(), Notice.Level.WARNING, profile.name(), "Newer agent",
                            "the agent speaks protocol " + s.protocol() + ", this client " + Protocol.VERSION
                                    + "; what is new may not show until the desktop client is updated"));
                }
                overview.agent(s.agent());
                overview.monitoring(s.monitoring());
                overview.browser(s.browser());
                overview.flowErrors(s.flowErrors());
                instances.reset(nonNull(s.instances()));
                flows.refresh(); // the snapshot names the rejected files only; the list comes from /api/flows
                logs.reset(nonNull(s.logs()));
                resources.reset(nonNull(s.resources()), nonNull(s.guardActions()), s.workers());
            }
            case InstanceChanged c -> instances.put(c.instance());
            case InstanceRemoved r -> instances.remove(r.instanceId());
            case RunStarted ignored -> { }
            case RunFinished f -> instances.runFinished(f.run());
            case ResourcesEvent r -> resources.add(r.sample(), r.workers());
            case GuardEvent g -> resources.guard(g.action());
            case AlertChanged a -> agentAlerts.apply(a.alert());
            case MonitoringChanged m -> overview.monitoring(m.monitoring());
            case FlowsChanged f -> {
                overview.flowErrors(f.errors());
                flows.apply(f.flows(), f.errors());
            }
            case LogEvent l -> logs.append(List.of(l.line()), l.dropped());
            case Pong ignored -> { }
            case ErrorEvent ignored -> { }
            case UnknownEvent ignored -> { }
        }
    }

    private void checkHealth() {
        executor.background(api::health, overview::health, e -> overview.health(null));
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    public Profile profile() {
        return profile;
    }

    public String name() {
        return profile.name();
    }

    public AgentApi api() {
        return api;
    }

    public AgentConnection connection() {
        return connection;
    }

    public AgentOverview overview() {
        return overview;
    }

    public InstancesModel instances() {
        return instances;
    }

    /** Adding, changing and removing instances. */
    public io.cloudvoter.desktop.instances.InstanceChanges changes() {
        return changes;
    }

    /** The agent's flows, for the Flows tab and the instance forms. */
    public FlowsModel flows() {
        return flows;
    }

    public LogsModel logs() {
        return logs;
    }

    public ResourcesModel resources() {
        return resources;
    }

    public HistoryModel history() {
        return history;
    }

    public ControlsModel controls() {
        return controls;
    }

    /** The agent's alerts (its rules raise them; this client shows them and notifies). */
    public AlertsModel alerts() {
        return agentAlerts;
    }

    @Override
    public String toString() {
        return profile.name();
    }
}
