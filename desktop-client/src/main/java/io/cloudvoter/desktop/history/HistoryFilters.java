package io.cloudvoter.desktop.history;

import atlantafx.base.theme.Styles;
import io.cloudvoter.desktop.widgets.Badges;
import io.cloudvoter.desktop.widgets.InstanceChoice;
import io.cloudvoter.model.api.Outcome;

import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The history's tool bar: which runs the agent is asked for (instance, outcome, period), refresh and
 * CSV export, the last error, and the filter box over the page that is shown.
 */
final class HistoryFilters extends ToolBar {
    static final Map<String, String> PERIODS = periods();

    private final ComboBox<String> instance = new ComboBox<>();
    private final ComboBox<Outcome> outcome = new ComboBox<>();
    private final ComboBox<String> period = new ComboBox<>();

    /**
     * @param changed  gets the new filter whenever a choice changes
     * @param pageBox  the filter box over the page shown
     */
    HistoryFilters(HistoryModel model, ObservableList<String> instanceIds, Consumer<RunFilter> changed, Runnable export,
                   Node pageBox) {
        InstanceChoice.follow(instance, instanceIds);
        // null is "any outcome"; the words are the table's ("rate limited"), not the wire's RATE_LIMITED
        outcome.getItems().add(null);
        outcome.getItems().addAll(Outcome.values());
        outcome.setCellFactory(v -> outcomeCell());
        outcome.setButtonCell(outcomeCell());
        outcome.setValue(null);
        period.getItems().setAll(PERIODS.keySet());
        period.setValue("Last 24 hours");
        for (var box : List.of(instance, outcome, period)) {
            box.setPrefWidth(150);
            box.valueProperty().addListener((o, a, b) -> changed.accept(filter()));
        }
        var refresh = new Button("Refresh");
        refresh.setTooltip(new Tooltip("Load this page again (F5)"));
        refresh.setOnAction(e -> model.refresh());
        var csv = new Button("Export CSV…");
        csv.setTooltip(new Tooltip("Every run that matches the filters, not only this page (Ctrl+E)"));
        csv.setOnAction(e -> export.run());
        var error = new Label();
        error.textProperty().bind(model.errorProperty());
        error.getStyleClass().add(Styles.DANGER);
        error.setMinWidth(0);
        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        getItems().setAll(instance, outcome, period, refresh, csv, spacer, error, pageBox);
        setPadding(new Insets(6, 10, 6, 10));
    }

    /** What the choices ask the agent for. */
    RunFilter filter() {
        return new RunFilter(InstanceChoice.selected(instance), outcome.getValue(), PERIODS.get(period.getValue()));
    }

    ComboBox<Outcome> outcome() {
        return outcome;
    }

    private static ListCell<Outcome> outcomeCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(Outcome o, boolean empty) {
                super.updateItem(o, empty);
                setText(o == null ? "Any outcome" : Badges.words(o));
            }
        };
    }

    private static Map<String, String> periods() {
        var m = new LinkedHashMap<String, String>();
        m.put("Last hour", "1h");
        m.put("Last 24 hours", "24h");
        m.put("Last 7 days", "7d");
        m.put("Last 30 days", "30d");
        m.put("All time", null);
        return Collections.unmodifiableMap(m);
    }
}
