package io.cloudvoter.desktop.alerts;

import atlantafx.base.theme.Styles;
import io.cloudvoter.model.api.Alert;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The agent's alerts: the open ones on top; below, the history, the deliveries with their errors,
 * the channels (a Test button each) and the mutes; a mute for a scope and a duration in the toolbar.
 */
public final class AlertsView extends BorderPane {
    static final Map<String, Duration> DURATIONS = durations();

    private final AlertsModel model;
    private final ObservableList<String> instanceIds;
    private final TableView<Alert> open;
    private final ComboBox<String> scope = new ComboBox<>();
    private final ComboBox<String> duration = new ComboBox<>();
    private final TabPane below = new TabPane();

    public AlertsView(AlertsModel model, ObservableList<String> instanceIds, ZoneId zone) {
        this.model = model;
        this.instanceIds = instanceIds;
        getStyleClass().add("alerts-view");
        open = AlertTables.alerts(model.open(), zone, false, "No alert is open on this agent.");
        open.setId("open-alerts");
        var history = AlertTables.alerts(model.history(), zone, true, "No alert yet.");
        history.setId("alert-history");
        var deliveries = AlertTables.deliveries(model.deliveries(), zone);
        deliveries.setId("alert-deliveries");
        var channels = AlertTables.channels(model.channels(), model::test);
        channels.setId("alert-channels");
        var mutes = AlertTables.mutes(model.mutes(), zone, model::unmute);
        mutes.setId("alert-mutes");
        below.getTabs().setAll(new Tab("History", history), new Tab("Deliveries", deliveries), new Tab("Channels", channels),
                new Tab("Mutes", mutes));
        below.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        var openTitle = new Label();
        openTitle.textProperty().bind(Bindings.size(model.open()).asString("Open alerts (%d)"));
        openTitle.getStyleClass().add(Styles.TITLE_4);
        var top = new VBox(6, openTitle, open);
        VBox.setVgrow(open, Priority.ALWAYS);
        top.setPadding(new Insets(8, 8, 0, 8));
        var split = new SplitPane(top, below);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.42);
        setTop(toolbar());
        setCenter(split);
        instanceIds.addListener((ListChangeListener<String>) c -> fillScopes());
        model.history().addListener((ListChangeListener<Alert>) c -> fillScopes());
        fillScopes();
    }

    public TableView<Alert> openTable() {
        return open;
    }

    public ComboBox<String> scopeChoice() {
        return scope;
    }

    public ComboBox<String> durationChoice() {
        return duration;
    }

    public TabPane details() {
        return below;
    }

    private ToolBar toolbar() {
        var refresh = new Button("Refresh");
        refresh.setOnAction(e -> model.refresh());
        scope.setEditable(true);
        scope.setPrefWidth(200);
        scope.setTooltip(new Tooltip("agent (everything), instance:ID or flow:NAME"));
        duration.getItems().setAll(DURATIONS.keySet());
        duration.setValue("1 hour");
        var mute = new Button("Mute");
        mute.setId("mute");
        mute.setTooltip(new Tooltip("Alerts in this scope are recorded, not sent, until the time is up"));
        mute.setOnAction(e -> {
            String s = scope.getEditor().getText() == null || scope.getEditor().getText().isBlank()
                    ? scope.getValue() : scope.getEditor().getText().trim();
            model.mute(s == null ? "agent" : s, DURATIONS.get(duration.getValue()));
        });
        var status = new Label();
        status.textProperty().bind(model.statusProperty());
        status.getStyleClass().add(Styles.TEXT_MUTED);
        status.setId("alerts-status");
        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return new ToolBar(refresh, new Label("Mute alerts of"), scope, new Label("for"), duration, mute, spacer, status);
    }

    private void fillScopes() {
        var flows = new TreeSet<String>();
        model.history().forEach(a -> {
            if (a.flow() != null) {
                flows.add(a.flow());
            }
        });
        String keep = scope.getValue();
        var items = new java.util.ArrayList<String>();
        items.add("agent");
        instanceIds.forEach(id -> items.add("instance:" + id));
        flows.forEach(f -> items.add("flow:" + f));
        scope.getItems().setAll(items);
        scope.setValue(keep == null ? "agent" : keep);
    }

    private static Map<String, Duration> durations() {
        var m = new LinkedHashMap<String, Duration>();
        m.put("15 minutes", Duration.ofMinutes(15));
        m.put("1 hour", Duration.ofHours(1));
        m.put("4 hours", Duration.ofHours(4));
        m.put("24 hours", Duration.ofHours(24));
        m.put("7 days", Duration.ofDays(7));
        return m;
    }
}
