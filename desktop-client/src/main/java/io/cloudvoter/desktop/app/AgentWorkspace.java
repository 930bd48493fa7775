package io.cloudvoter.desktop.app;

import io.cloudvoter.desktop.alerts.AlertsView;
import io.cloudvoter.desktop.flows.FlowsView;
import io.cloudvoter.desktop.history.HistoryView;
import io.cloudvoter.desktop.instances.InstanceRow;
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

    public AgentWorkspace(AgentSession session, ZoneId zone, Consumer<String> status, Predicate<String> confirm,
                          Folders folders) {
        this.session = session;
        ObservableList<String> ids = FXCollections.observableArrayList();
        session.instances().rows().addListener((ListChangeListener<InstanceRow>) c -> {
            var now = session.instances().rows().stream().map(InstanceRow::id).toList();
            if (!now.equals(ids)) {
                ids.setAll(now);
            }
        });
        var link = session.connection();
        this.instances = new InstancesView(session.instances(), link, zone, confirm, folders);
        this.flows = new FlowsView(session.flows(), ids, confirm);
        this.logs = new LogsView(session.logs(), ids, link, zone, status, folders);
        this.resources = new ResourcesView(session.resources(), link, zone);
        this.history = new HistoryView(session.history(), ids, link, zone, folders);
        this.alerts = new AlertsView(session.alerts(), ids, zone);
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
