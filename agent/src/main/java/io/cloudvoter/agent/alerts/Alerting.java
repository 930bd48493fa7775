package io.cloudvoter.agent.alerts;

import io.cloudvoter.agent.alerts.rules.AlertRule;
import io.cloudvoter.agent.alerts.rules.BrowserDown;
import io.cloudvoter.agent.alerts.rules.CrashRestart;
import io.cloudvoter.agent.alerts.rules.FailuresInARow;
import io.cloudvoter.agent.alerts.rules.GuardLevelRule;
import io.cloudvoter.agent.alerts.rules.StorageCheck;
import io.cloudvoter.agent.alerts.rules.SuccessRate;
import io.cloudvoter.agent.alerts.rules.TargetPaused;
import io.cloudvoter.agent.events.EventBus;
import io.cloudvoter.agent.history.Database;
import io.cloudvoter.agent.history.RunQuery;
import io.cloudvoter.agent.history.RunStore;
import io.cloudvoter.agent.metrics.PrometheusText;
import io.cloudvoter.model.api.AgentInfo;
import io.cloudvoter.model.api.Alert;
import io.cloudvoter.model.api.AlertChannel;
import io.cloudvoter.model.api.AlertDelivery;
import io.cloudvoter.model.api.AlertMute;
import io.cloudvoter.model.api.BrowserStatus;
import io.cloudvoter.model.api.InstanceStatus;
import io.cloudvoter.model.api.RunRecord;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Alerts that reach the operator when no desktop is open: the rules ({@link AlertEngine}), the
 * outbox and the channels' workers ({@link Dispatcher}), the mutes, and what the API and
 * {@code /metrics} show of them. It reads the rest of the agent only through what it is handed:
 * the event bus, the browser's status, the run store, the instances at start.
 */
public final class Alerting implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Alerting.class.getName());
    private static final Duration HOUSEKEEPING = Duration.ofHours(1);

    /** What alerting reads from the agent. */
    public record Parts(AlertSettings settings, AgentInfo info, String baseUrl, Database database, RunStore runs, Path dataDir,
                        EventBus bus, Supplier<List<InstanceStatus>> instances, Supplier<BrowserStatus> browser,
                        int interruptedAtStart, Clock clock) {
    }

    private final AlertSettings settings;
    private final Clock clock;
    private final AlertStore store;
    private final Outbox outbox;
    private final Mutes mutes;
    private final Dispatcher dispatcher;
    private final Notifier notifier;
    private final AlertEngine engine;

    private Alerting(Parts p) {
        this.settings = p.settings();
        this.clock = p.clock();
        this.store = new AlertStore(p.database());
        this.outbox = new Outbox(p.database());
        this.mutes = new Mutes(p.database(), settings.maintenance(), clock);
        var secrets = new Secrets(settings.channels());
        String userAgent = "CloudVoter/" + p.info().version();
        var channels = settings.channels().stream().map(c -> ChannelFactory.create(c, userAgent)).toList();
        var random = new Random();
        this.dispatcher = new Dispatcher(channels, outbox,
                new Backoff(settings.delivery().retryInitial(), settings.delivery().retryMax(), random::nextDouble), clock, secrets);
        this.notifier = new Notifier(outbox, mutes, settings.channels(), dispatcher,
                new Notifier.Sender(p.info().name(), p.info().host(), p.baseUrl()), clock, settings.delivery().expireAfter());
        this.engine = new AlertEngine(rules(p), store, notifier, p.bus(), clock, settings.repeat());
        p.bus().subscribe(engine);
    }

    public static Alerting create(Parts parts) {
        return new Alerting(parts);
    }

    private List<AlertRule> rules(Parts p) {
        var rules = new ArrayList<AlertRule>();
        if (!settings.enabled()) {
            return rules;
        }
        var r = settings.rules();
        var instances = p.instances().get();
        Instant now = clock.instant();
        if (r.failuresInARow() > 0) {
            int look = Math.min(RunQuery.MAX_PAGE, r.failuresInARow() * 4 + 20);
            rules.add(new FailuresInARow(r.failuresInARow(), instances,
                    id -> p.runs().query(new RunQuery(id, null, null, null, look))));
        }
        if (r.successRateBelow() != null) {
            rules.add(new SuccessRate(r.successRateBelow(), r.successWindow(), r.successMinRuns(),
                    recentRuns(p.runs(), now.minus(r.successWindow()))));
        }
        if (!r.pausedLongerThan().isZero()) {
            rules.add(new TargetPaused(r.pausedLongerThan(), instances, now));
        }
        if (!r.browserDownFor().isZero()) {
            rules.add(new BrowserDown(r.browserDownFor(), p.browser()));
        }
        if (r.guardAt() != null) {
            rules.add(new GuardLevelRule(r.guardAt()));
        }
        if (r.crashRestart()) {
            rules.add(new CrashRestart(p.interruptedAtStart(), now));
        }
        if (!r.storageCheckEvery().isZero()) {
            rules.add(new StorageCheck(r.storageCheckEvery(), new StorageProbe(p.dataDir(), p.runs()::probeWrite, r.storageMinFree())));
        }
        return rules;
    }

    /** The runs since {@code since}, a page at a time (at most 20,000: enough to judge a rate). */
    private static List<RunRecord> recentRuns(RunStore runs, Instant since) {
        var all = new ArrayList<RunRecord>();
        Long before = null;
        for (int page = 0; page < 20; page++) {
            var rows = runs.query(new RunQuery(null, null, since, before, RunQuery.MAX_PAGE));
            all.addAll(rows);
            if (rows.size() < RunQuery.MAX_PAGE) {
                break;
            }
            before = rows.getLast().id();
        }
        return all;
    }

    public void start() {
        int dropped = outbox.abandonUnknown(settings.channels().stream().map(ChannelSettings::name)
                .collect(java.util.stream.Collectors.toSet()));
        if (dropped > 0) {
            LOG.warning(dropped + " undelivered alert notification(s) were for channels no longer configured; given up");
        }
        dispatcher.start();
        engine.start(settings.evaluateEvery(), HOUSEKEEPING, this::housekeeping);
        LOG.info(() -> "Alerts: " + (settings.enabled() ? "on" : "off (rules switched off)") + "; channels: "
                + (settings.channels().isEmpty() ? "none" : String.join(", ", settings.channels().stream().map(ChannelSettings::toString).toList())));
    }

    private void housekeeping() {
        Instant now = clock.instant();
        try {
            store.prune(now.minus(settings.history()));
            outbox.prune(now.minus(settings.history()));
            mutes.prune(now);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not prune the alert history", e);
        }
    }

    /** Newest first. */
    public List<Alert> alerts(boolean openOnly, int limit) {
        return store.list(openOnly, limit);
    }

    public List<AlertDelivery> deliveries(String channel, String state, int limit) {
        return outbox.list(channel, state, limit);
    }

    public List<AlertChannel> channels() {
        var pending = outbox.count(Delivery.State.PENDING);
        var delivered = outbox.count(Delivery.State.DELIVERED);
        return settings.channels().stream().map(c -> new AlertChannel(c.name(), c.type().key(), c.target(),
                c.severities().stream().sorted().toList(), pending.getOrDefault(c.name(), 0L),
                delivered.getOrDefault(c.name(), 0L),
                dispatcher.worker(c.name()).map(w -> w.failures.sum()).orElse(0L))).toList();
    }

    public List<AlertMute> mutes() {
        return mutes.active(clock.instant());
    }

    /** @throws IllegalArgumentException naming the field and the reason */
    public AlertMute mute(String scope, Instant until) {
        var m = mutes.add(Scope.parse(scope), until);
        LOG.info(() -> "Alerts muted until " + m.until() + " (scope " + m.scope() + ")");
        return m;
    }

    public boolean unmute(long id) {
        return mutes.remove(id);
    }

    /**
     * Sends a test notification to one channel through the outbox and waits for its first try.
     *
     * @throws NoSuchElementException naming the channels there are
     */
    public AlertDelivery test(String channel) {
        var c = settings.channels().stream().filter(s -> s.name().equals(channel)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no alert channel '" + channel + "' (configured: "
                        + (settings.channels().isEmpty() ? "none" : String.join(", ", settings.channels().stream().map(ChannelSettings::name).toList())) + ")"));
        var queued = notifier.test(c);
        var first = dispatcher.firstTry(channel, queued.delivery());
        try {
            return first.get(c.timeout().toMillis() + 3_000, TimeUnit.MILLISECONDS).view();
        } catch (TimeoutException | ExecutionException e) {
            return queued.view();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return queued.view();
        } finally {
            dispatcher.worker(channel).ifPresent(w -> w.forget(queued.delivery()));
        }
    }

    public List<Alert> open() {
        return engine.openAlerts();
    }

    /** The alert families of {@code /metrics}. */
    public void metrics(PrometheusText out) {
        var bySeverity = engine.openBySeverity();
        out.family("cloudvoter_alerts_open", "gauge", "Alerts open now, by severity.");
        for (var s : io.cloudvoter.model.api.AlertSeverity.values()) {
            out.sample("cloudvoter_alerts_open", bySeverity.getOrDefault(s, 0L), "severity", s.key());
        }
        out.family("cloudvoter_alerts_total", "counter", "Alerts that opened or resolved since the agent started, by the state they moved to.")
                .sample("cloudvoter_alerts_total", engine.opened.sum(), "state", "open")
                .sample("cloudvoter_alerts_total", engine.resolved.sum(), "state", "resolved");
        out.family("cloudvoter_alert_notifications_total", "counter", "Notifications delivered or given up since the agent started, by channel.");
        dispatcher.workers().forEach((name, w) -> out
                .sample("cloudvoter_alert_notifications_total", w.delivered.sum(), "channel", name, "result", "delivered")
                .sample("cloudvoter_alert_notifications_total", w.expired.sum(), "channel", name, "result", "expired"));
        out.family("cloudvoter_alert_delivery_failures_total", "counter", "Failed tries to deliver a notification since the agent started, by channel.");
        dispatcher.workers().forEach((name, w) -> out.sample("cloudvoter_alert_delivery_failures_total", w.failures.sum(), "channel", name));
        Map<String, Long> pending;
        try {
            pending = outbox.count(Delivery.State.PENDING);
        } catch (RuntimeException e) {
            pending = Map.of();
        }
        out.family("cloudvoter_alert_outbox_pending", "gauge", "Notifications waiting in the outbox for delivery, by channel.");
        for (var name : dispatcher.workers().keySet()) {
            out.sample("cloudvoter_alert_outbox_pending", pending.getOrDefault(name, 0L), "channel", name);
        }
        out.family("cloudvoter_alert_events_dropped_total", "counter", "Events the alert rules never saw because their queue was full.")
                .sample("cloudvoter_alert_events_dropped_total", engine.eventsDropped.sum());
    }

    /** Applies what is queued, then stops the rules and the channels' workers; undelivered notifications stay in the outbox. */
    @Override
    public void close() {
        engine.close(Duration.ofSeconds(2));
        dispatcher.close(Duration.ofSeconds(2));
    }
}
