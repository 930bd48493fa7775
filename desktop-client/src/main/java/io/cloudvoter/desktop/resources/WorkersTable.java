package io.cloudvoter.desktop.resources;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.cloudvoter.desktop.widgets.Badges;
import io.cloudvoter.desktop.widgets.Columns;
import io.cloudvoter.model.api.WorkerStatus;

import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;

import java.util.Locale;

/**
 * The agent's browser workers, one row each: a local Chromium or a browser node, its state, the
 * Playwright/Chromium version, runs in flight of its capacity and why it last failed or stopped.
 * As tall as its rows (up to {@link #MAX_ROWS}), so one local worker costs one line.
 */
public final class WorkersTable extends TableView<WorkerStatus> {
    static final int MAX_ROWS = 6;
    private static final double ROW = 26;

    public WorkersTable(ObservableList<WorkerStatus> workers) {
        super(workers);
        getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE, "workers-table");
        setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        setFixedCellSize(ROW);
        setPlaceholder(new Label("This agent does not report its browser workers (an older version)."));
        getColumns().setAll(
                Columns.of("Worker", 80, 70, (WorkerStatus w) -> new SimpleStringProperty(w.name()), x -> x),
                Columns.of("Kind", 100, 80, (WorkerStatus w) -> new SimpleStringProperty(kind(w)), x -> x),
                endpointColumn(),
                stateColumn(),
                Columns.of("Version", 120, 80, (WorkerStatus w) -> new SimpleStringProperty(w.version()), x -> x),
                Columns.numeric("Runs", 80, 70, (WorkerStatus w) -> new SimpleObjectProperty<>(new Load(w.inFlight(), w.capacity())),
                        Load::toString),
                reasonColumn());
        workers.addListener((ListChangeListener<WorkerStatus>) c -> fitRows());
        fitRows();
    }

    /** "local" or "browser node"; a kind a newer agent adds shows as it is named. */
    static String kind(WorkerStatus w) {
        return "remote".equals(w.kind()) ? "browser node" : w.kind();
    }

    /** The badge tone of a worker's state. */
    static String tone(String state) {
        return switch (state == null ? "" : state) {
            case "UP" -> "success";
            case "STARTING" -> "accent";
            case "FAILED" -> "danger";
            default -> "neutral";
        };
    }

    /** Runs in flight of the worker's capacity, "3 / 16"; sorts by runs in flight. */
    record Load(int inFlight, int capacity) implements Comparable<Load> {
        @Override
        public int compareTo(Load o) {
            return inFlight != o.inFlight ? Integer.compare(inFlight, o.inFlight) : Integer.compare(capacity, o.capacity);
        }

        @Override
        public String toString() {
            return inFlight + " / " + capacity;
        }
    }

    private void fitRows() {
        int rows = Math.max(1, Math.min(getItems().size(), MAX_ROWS));
        double height = ROW * rows + 40; // the header row and the borders: no scroll bar for up to MAX_ROWS
        setPrefHeight(height);
        setMinHeight(height);
        setMaxHeight(height);
    }

    private static TableColumn<WorkerStatus, String> endpointColumn() {
        var c = Columns.of("Endpoint", 260, 120, (WorkerStatus w) -> new SimpleStringProperty(w.endpoint()), x -> x);
        c.setCellFactory(col -> withTooltip());
        return c;
    }

    private static TableColumn<WorkerStatus, String> stateColumn() {
        var c = Columns.of("State", 90, 80, (WorkerStatus w) -> new SimpleStringProperty(w.state()), x -> x);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String state, boolean empty) {
                super.updateItem(state, empty);
                setText(null);
                setGraphic(empty || state == null ? null : Badges.of(state.toLowerCase(Locale.ROOT), tone(state)));
            }
        });
        return c;
    }

    private static TableColumn<WorkerStatus, String> reasonColumn() {
        var c = Columns.of("Last error / reason", 320, 120, (WorkerStatus w) -> new SimpleStringProperty(w.lastError()), x -> x);
        c.setCellFactory(col -> withTooltip());
        return c;
    }

    /** Long endpoints and reasons are cut by the column; the whole text is on hover. */
    private static TableCell<WorkerStatus, String> withTooltip() {
        return new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                setTooltip(empty || text == null || text.isBlank() ? null : new Tooltip(text));
            }
        };
    }
}
