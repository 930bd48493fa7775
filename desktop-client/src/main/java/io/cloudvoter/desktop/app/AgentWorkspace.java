package io.cloudvoter.desktop.app;

import io.cloudvoter.desktop.alerts.AlertsView;
import io.cloudvoter.desktop.flows.FlowsView;
import io.cloudvoter.desktop.history.HistoryView;
import io.cloudvoter.desktop.instances.InstanceRow;
import io.cloudvoter.desktop.instances.InstanceTools;
import io.cloudvoter.desktop.login.LoginDialog;
import io.cloudvoter.desktop.login.LoginLauncher;
import io.cloudvoter.desktop.instances.InstancesView;
import io.cloudvoter.desktop.logs.LogsView;
import io.cloudvoter.desktop.resources.ResourcesView;
import io.cloudvoter.desktop.session.AgentSession;
import io.cloudvoter.desktop.widgets.Folders;

import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

import java.time.ZoneId;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The views of one agent, built once and kept while it stays connected, so switching agents keeps scroll
 * and filters. Each view binds the session's connection ({@code Liveness}) for its stale look.
 */
public final class AgentWorkspace {
    private final AgentSession session;
    private final InstancesView instances;
    private final FlowsView flows;
    private final LogsView logs;
    private final ResourcesView resources;
    private final HistoryView history;
    private final AlertsView alerts;
    private LoginDialog lastLogin;

    public AgentWorkspace(AgentSession session, ZoneId zone, Consumer<String> status, Predicate<String> confirm,
                          Folders folders, java.util.function.Supplier<LoginLauncher> logins,
                          Consumer<io.cloudvoter.desktop.notify.Notice> notices) {
        this.session = session;
        ObservableList<String> ids = FXCollections.observableArrayList();
        session.instances().rows().addListener((ListChangeListener<InstanceRow>) c -> {
            var now = session.instances().rows().stream().map(InstanceRow::id).toList();
            if (!now.equals(ids)) {
                ids.setAll(now);
            }
        });
        var link = session.connection();
        var tools = new InstanceTools(session.changes(), session.flows()::loadedNames, row -> row.status().secretNames(),
                row -> captureLogin(row, logins, notices, status));
        this.instances = new InstancesView(session.instances(), link, zone, confirm, folders, tools);
        this.flows = new FlowsView(session.flows(), ids, confirm);
        this.logs = new LogsView(session.logs(), ids, link, zone, status, folders);
        this.resources = new ResourcesView(session.resources(), link, zone);
        this.history = new HistoryView(session.history(), ids, link, zone, folders);
        this.alerts = new AlertsView(session.alerts(), ids, zone);
    }

    /** A browser here at the instance's flow's target; refused (with why) when that flow is not loaded. */
    private void captureLogin(InstanceRow row, java.util.function.Supplier<LoginLauncher> logins, Consumer<io.cloudvoter.desktop.notify.Notice> notices,
                              Consumer<String> status) {
        var flow = session.flows().row(row.status().flow()).filter(f -> f.running() && !f.target().isBlank());
        if (flow.isEmpty()) {
            status.accept(row.id() + ": its flow '" + row.status().flow() + "' is not loaded, so there is no target to log in to");
            return;
        }
        lastLogin = logins.get().open(instances.getScene() == null ? null : instances.getScene().getWindow(), session.api(), notices,
                row.id(), flow.get().target());
    }

    /** The last "Capture login…" window opened (for tests and the screenshot tour). */
    public LoginDialog lastLogin() {
        return lastLogin;
    }

    public AgentSession session() {
        return session;
    }

    public InstancesView instances() {
        return instances;
    }

    public FlowsView flows() {
        return flows;
    }

    public LogsView logs() {
        return logs;
    }

    public ResourcesView resources() {
        return resources;
    }

    public HistoryView history() {
        return history;
    }

    public AlertsView alerts() {
        return alerts;
    }
}
