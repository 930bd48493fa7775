package io.cloudvoter.desktop.alerts;

import io.cloudvoter.desktop.concurrent.UiExecutor;
import io.cloudvoter.desktop.connection.ApiException;
import io.cloudvoter.desktop.notify.Notice;
import io.cloudvoter.model.api.Alert;
import io.cloudvoter.model.api.AlertChannel;
import io.cloudvoter.model.api.AlertDelivery;
import io.cloudvoter.model.api.AlertMute;
import io.cloudvoter.model.api.AlertSeverity;
import io.cloudvoter.model.api.AlertState;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * One agent's alerts, as its rules raised them: the open ones, the history, the deliveries with
 * their errors, the channels and the mutes, from {@code /api/alerts} when the link comes up, then
 * kept current by {@code alert} events. An alert that opens or resolves becomes a notice (and so an
 * OS notification) unless the agent muted it; the desktop has no alert rules of its own. FX thread only.
 */
public final class AlertsModel {
    static final int HISTORY = 200;
    static final int DELIVERIES = 200;
    static final Duration DETAILS_AFTER = Duration.ofSeconds(2);

    private final AlertsApi api;
    private final UiExecutor executor;
    private final Clock clock;
    private final String agent;
    private final Consumer<Notice> notices;
    private final ObservableList<Alert> open = FXCollections.observableArrayList();
    private final ObservableList<Alert> history = FXCollections.observableArrayList();
    private final ObservableList<AlertDelivery> deliveries = FXCollections.observableArrayList();
    private final ObservableList<AlertChannel> channels = FXCollections.observableArrayList();
    private final ObservableList<AlertMute> mutes = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private int request;
    /** While a load is out (else null): the alerts that events bring meanwhile, merged again over its older answer. */
    private List<Alert> sinceLoad;
    /** Actions the operator took (mute, lift, test): neither a refresh nor an earlier action's late answer writes over the last one's. */
    private int actions;
    private int detailsRequest;
    private UiExecutor.Cancellable pendingDetails = UiExecutor.Cancellable.NONE;

    public AlertsModel(AlertsApi api, UiExecutor executor, Clock clock, String agent, Consumer<Notice> notices) {
        this.api = api;
        this.executor = executor;
        this.clock = clock;
        this.agent = agent;
        this.notices = notices;
    }

    public ObservableList<Alert> open() {
        return open;
    }

    /** Every alert the agent still keeps, newest first: open and resolved. */
    public ObservableList<Alert> history() {
        return history;
    }

    public ObservableList<AlertDelivery> deliveries() {
        return deliveries;
    }

    public ObservableList<AlertChannel> channels() {
        return channels;
    }

    public ObservableList<AlertMute> mutes() {
        return mutes;
    }

    /** The last command's answer, or why loading failed. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Loads everything again (when the link comes up, and on Refresh). */
    public void refresh() {
        int mine = ++request;
        int actionsBefore = actions;
        sinceLoad = new ArrayList<>();
        executor.background(() -> api.alerts(HISTORY), alerts -> {
            if (mine != request) {
                return;
            }
            history.setAll(alerts);
            open.setAll(alerts.stream().filter(a -> a.state() == AlertState.OPEN).toList());
            sinceLoad.forEach(this::merge); // events that came while the load was out are newer than its answer
            sinceLoad = null;
            if (actions == actionsBefore) { // what became of an action the operator took since stays shown
                status.set(open.isEmpty() ? "No alert is open." : open.size() + " alert(s) open.");
            }
        }, e -> {
            if (mine == request) {
                sinceLoad = null;
            }
            status.set(e instanceof ApiException a && a.status() == 404
                    ? "This agent has no alerts API (it is older than this client)."
                    : "Could not load the alerts: " + e.getMessage());
        });
        refreshDetails();
    }

    /** The deliveries, channels and mutes again: the events carry alerts, not their deliveries. */
    public void refreshDetails() {
        int mine = ++detailsRequest;
        executor.background(() -> api.details(DELIVERIES), d -> {
            if (mine != detailsRequest) {
                return;
            }
            deliveries.setAll(d.deliveries());
            channels.setAll(d.channels());
            mutes.setAll(d.mutes());
        }, e -> { });
    }

    /** After an alert changed its deliveries are made and tried within moments: look once things settle. */
    private void refreshDetailsSoon() {
        pendingDetails.cancel();
        pendingDetails = executor.schedule(DETAILS_AFTER, this::refreshDetails);
    }

    /** An {@code alert} event: the alert replaces its older self; opening and resolving are noticed. */
    public void apply(Alert alert) {
        var before = find(alert.id());
        boolean wasOpen = before != null && before.state() == AlertState.OPEN;
        merge(alert);
        if (sinceLoad != null) {
            sinceLoad.add(alert);
        }
        refreshDetailsSoon();
        if (alert.muted() != null) {
            return;
        }
        // Muted until now and sent at last: the operator hears of it for the first time.
        boolean nowHeard = wasOpen && before.muted() != null && before.notifications() == 0 && alert.notifications() > 0;
        if (alert.state() == AlertState.OPEN && (!wasOpen || nowHeard)) {
            notices.accept(Notice.alert(clock.instant(), level(alert.severity()), agent, title(alert), alert.message()));
        } else if (alert.state() == AlertState.RESOLVED && wasOpen) {
            notices.accept(Notice.alert(clock.instant(), Notice.Level.SUCCESS, agent, "Resolved: " + label(alert), alert.message()));
        }
    }

    /** The alert into the lists, in place of what they held for it. */
    private void merge(Alert alert) {
        replace(history, alert);
        history.sort(Comparator.comparingLong(Alert::id).reversed());
        if (history.size() > HISTORY) {
            history.remove(HISTORY, history.size());
        }
        if (alert.state() == AlertState.OPEN) {
            replace(open, alert);
            open.sort(Comparator.comparingLong(Alert::id).reversed());
        } else {
            open.removeIf(a -> a.id() == alert.id());
        }
    }

    /** Mutes {@code scope} ({@code agent}, {@code instance:ID}, {@code flow:NAME}) for {@code duration} from now. */
    public void mute(String scope, Duration duration) {
        int action = ++actions;
        var until = clock.instant().plus(duration);
        executor.background(() -> api.mute(scope, until), m -> {
            mutes.add(m);
            say(action, "Muted " + m.scope() + " until " + m.until() + ".");
        }, e -> say(action, "Could not mute: " + e.getMessage()));
    }

    public void unmute(AlertMute mute) {
        int action = ++actions;
        executor.background(() -> {
            api.unmute(mute.id());
            return mute;
        }, m -> {
            mutes.removeIf(x -> x.id() == m.id());
            say(action, "Lifted the mute of " + m.scope() + ".");
        }, e -> say(action, "Could not lift the mute: " + e.getMessage()));
    }

    /** Asks the agent to send a test notification through {@code channel} and shows what became of it. */
    public void test(String channel) {
        int action = ++actions;
        status.set("Sending a test notification to " + channel + "…");
        executor.background(() -> api.test(channel), d -> {
            replaceDelivery(d);
            refreshDetailsSoon();
            say(action, "DELIVERED".equals(d.state()) ? "Test notification delivered to " + channel + "."
                    : "Test notification to " + channel + " not delivered yet"
                    + (d.lastError() == null ? "" : ": " + d.lastError()) + " (the agent keeps trying).");
        }, e -> say(action, "Could not test " + channel + ": " + e.getMessage()));
    }

    /** What became of {@code action}, unless the operator has taken another one since (its answer may come first). */
    private void say(int action, String text) {
        if (action == actions) {
            status.set(text);
        }
    }

    private void replaceDelivery(AlertDelivery d) {
        for (int i = 0; i < deliveries.size(); i++) {
            if (deliveries.get(i).delivery().equals(d.delivery())) {
                deliveries.set(i, d);
                return;
            }
        }
        deliveries.addFirst(d);
    }

    private Alert find(long id) {
        return history.stream().filter(a -> a.id() == id).findFirst().orElse(null);
    }

    private static void replace(ObservableList<Alert> list, Alert alert) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id() == alert.id()) {
                list.set(i, alert);
                return;
            }
        }
        list.add(alert);
    }

    static Notice.Level level(AlertSeverity severity) {
        return switch (severity) {
            case CRITICAL -> Notice.Level.DANGER;
            case WARNING -> Notice.Level.WARNING;
            case INFO -> Notice.Level.INFO;
        };
    }

    static String title(Alert a) {
        return "Alert: " + label(a);
    }

    /** {@code failures-in-a-row:instance:poll-1} → {@code failures in a row · poll-1}. */
    static String label(Alert a) {
        var parts = new ArrayList<String>();
        parts.add(a.rule().replace('-', ' '));
        if (a.instanceId() != null) {
            parts.add(a.instanceId());
        } else if (a.flow() != null) {
            parts.add(a.flow());
        }
        return String.join(" · ", parts);
    }
}
