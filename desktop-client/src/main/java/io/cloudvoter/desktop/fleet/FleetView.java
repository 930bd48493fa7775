package io.cloudvoter.desktop.fleet;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.cloudvoter.desktop.connection.ConnectionStatus;
import io.cloudvoter.desktop.resources.WorkerSummary;
import io.cloudvoter.desktop.session.AgentSession;
import io.cloudvoter.desktop.widgets.Badges;
import io.cloudvoter.desktop.widgets.Columns;
import io.cloudvoter.desktop.widgets.Display;
import io.cloudvoter.model.api.HealthResponse;

import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;

import java.util.function.Consumer;

/** One row per connected agent; double-click (or Enter) opens it. */
public final class FleetView extends BorderPane {
    private final TableView<AgentSession> table = new TableView<>();

    public FleetView(ObservableList<AgentSession> sessions, Consumer<AgentSession> open) {
        getStyleClass().add("fleet-view");
        Columns.sortable(table, sessions);
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No agents connected. Add one with Connections… (Ctrl+K)."));
        table.getColumns().setAll(
                Columns.of("Agent", 140, 80, s -> new SimpleStringProperty(s.name()), x -> x),
                Columns.of("Address", 170, 80, s -> new SimpleStringProperty(s.profile().address()), x -> x),
                connectionColumn(),
                tunnelColumn(),
                healthColumn(),
                Columns.of("Monitoring", 100, 90, s -> known(s, () -> s.overview().monitoring() ? "on" : "stopped",
                        s.overview().monitoringProperty()), x -> x),
                Columns.numeric("Instances", 90, 90, s -> known(s, () -> s.overview().instancesProperty().get(),
                        s.overview().instancesProperty()), Object::toString),
                Columns.numeric("Success rate", 110, 110, s -> s.overview().successRateProperty().map(r -> r.doubleValue()),
                        Display::percent),
                Columns.numeric("Memory", 110, 80, s -> s.overview().memoryProperty().map(b -> b.longValue()),
                        b -> Display.bytes(b)),
                workersColumn());
        // monitoring and instances are not known before the agent's first snapshot: "—", not "stopped" or "0"
        Columns.unknownAs("—", table.getColumns().get(5));
        Columns.unknownAs("—", table.getColumns().get(6));
        table.setRowFactory(t -> {
            var row = new TableRow<AgentSession>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    open.accept(row.getItem());
                }
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER && table.getSelectionModel().getSelectedItem() != null) {
                open.accept(table.getSelectionModel().getSelectedItem());
            }
        });
        var hint = new Label("Double-click an agent to open its instances, logs, resources and history."
                + "  Memory is the agent's and Chromium's (PSS) from the newest sample.");
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        hint.setPadding(new Insets(8, 12, 8, 12));
        setTop(hint);
        setCenter(table);
    }

    public TableView<AgentSession> table() {
        return table;
    }

    /** The value once the agent's first snapshot arrived; "—" before (not "stopped" or "0", which would be claims). */
    private static <T> ObservableValue<T> known(AgentSession s, java.util.concurrent.Callable<T> value,
                                                javafx.beans.Observable dependency) {
        return Bindings.createObjectBinding(() -> s.overview().agentProperty().get() == null ? null : value.call(),
                s.overview().agentProperty(), dependency);
    }

    private static TableColumn<AgentSession, ConnectionStatus> connectionColumn() {
        var c = Columns.of("Connection", 260, 160, (AgentSession s) -> s.connection().statusProperty(), st -> st.phase().label(),
                java.util.Comparator.comparing(ConnectionStatus::phase));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(ConnectionStatus s, boolean empty) {
                super.updateItem(s, empty);
                setText(null);
                if (empty || s == null) {
                    setGraphic(null);
                    return;
                }
                String tone = switch (s.phase()) {
                    case CONNECTED -> "success";
                    case CONNECTING -> "accent";
                    case RETRYING, NEEDS_TOKEN -> "danger";
                    case CLOSED -> "neutral";
                };
                var badge = Badges.of(s.phase().label().replace('-', ' '), tone);
                var why = new Label(s.connected() || s.detail() == null ? "" : s.detail());
                why.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
                why.setMinWidth(0);
                var box = new javafx.scene.layout.HBox(6, badge, why);
                if (s.phase() == ConnectionStatus.Phase.RETRYING) {
                    var retry = new javafx.scene.control.Button("Retry now");
                    retry.getStyleClass().add(Styles.SMALL);
                    retry.setOnAction(e -> getTableRow().getItem().connection().retryNow());
                    retry.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
                    box.getChildren().add(1, retry);
                }
                box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
                setGraphic(box);
                setTooltip(s.detail() == null ? null : new javafx.scene.control.Tooltip(s.detail()));
            }
        });
        return c;
    }

    /** The SSH tunnel's state for agents reached through SSH; "direct" for the others. */
    private static TableColumn<AgentSession, io.cloudvoter.desktop.ssh.TunnelStatus> tunnelColumn() {
        var c = Columns.of("SSH", 100, 80, (AgentSession s) -> s.tunnel() == null
                        ? new javafx.beans.property.SimpleObjectProperty<io.cloudvoter.desktop.ssh.TunnelStatus>() : s.tunnel().statusProperty(),
                st -> st.phase().label(), java.util.Comparator.comparing(io.cloudvoter.desktop.ssh.TunnelStatus::phase));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(io.cloudvoter.desktop.ssh.TunnelStatus st, boolean empty) {
                super.updateItem(st, empty);
                setText(empty || st != null ? null : "direct");
                setGraphic(empty || st == null ? null : Badges.of(st.phase().label(),
                        io.cloudvoter.desktop.controls.TunnelBadge.tone(st.phase())));
                setTooltip(st == null || st.detail() == null ? null : new javafx.scene.control.Tooltip(st.detail()));
            }
        });
        return c;
    }

    /** "2 up, 1 failed" from the agent's latest report of its browser workers; each failing one's endpoint and reason on hover. */
    private static TableColumn<AgentSession, WorkerSummary> workersColumn() {
        var c = Columns.of("Workers", 120, 100, (AgentSession s) -> s.resources().workerSummaryProperty(), WorkerSummary::text);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(WorkerSummary w, boolean empty) {
                super.updateItem(w, empty);
                setText(empty || w != null ? null : "—");
                setGraphic(empty || w == null ? null : Badges.of(w.text(), w.tone()));
                setTooltip(empty || w == null || w.failing().isEmpty() ? null
                        : new javafx.scene.control.Tooltip(String.join("\n", w.failing())));
            }
        });
        return c;
    }

    private static TableColumn<AgentSession, HealthResponse> healthColumn() {
        var c = Columns.of("Health", 90, 90, (AgentSession s) -> s.overview().healthProperty(), h -> h.status(),
                java.util.Comparator.comparing(HealthResponse::status, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(HealthResponse h, boolean empty) {
                super.updateItem(h, empty);
                setText(null);
                if (empty) {
                    setGraphic(null);
                    return;
                }
                boolean up = h != null && "UP".equals(h.status());
                setGraphic(Badges.of(h == null ? "unknown" : h.status().toLowerCase(), h == null ? "neutral" : up ? "success" : "danger"));
                setTooltip(h == null || up ? null : new javafx.scene.control.Tooltip(h.checks().stream()
                        .filter(x -> !x.up()).map(x -> x.name() + ": " + x.detail()).reduce((a, b) -> a + "\n" + b).orElse("")));
            }
        });
        return c;
    }
}
