package io.cloudvoter.desktop.history;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.cloudvoter.desktop.widgets.Badges;
import io.cloudvoter.desktop.widgets.Columns;
import io.cloudvoter.desktop.widgets.Display;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;

import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import java.time.ZoneId;

/** One page of runs: every header whole, the message gives way; each column holds its value and sorts by it. */
final class RunTable extends TableView<RunRecord> {

    RunTable(ZoneId zone) {
        getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE, Styles.DENSE);
        setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        setPlaceholder(new Label("No runs match these filters."));
        getColumns().setAll(
                Columns.numeric("Run", 60, 55, r -> value(r.id()), Object::toString),
                Columns.of("Started", 125, 118, r -> value(r.startedAt()), t -> Display.shortDateTime(t, zone)),
                Columns.of("Instance", 105, 90, r -> value(r.instanceId()), s -> s),
                outcomeColumn(),
                Columns.numeric("Attempt", 90, 88, r -> value(r.attempt()), RunText::attempt),
                Columns.numeric("Duration", 80, 86, r -> value(r.durationMs()), Display::millis),
                Columns.numeric("Value", 60, 66, r -> value(r.extracted()), Display::number),
                Columns.of("Message", 300, 150, r -> value(r.message()), s -> s));
    }

    static <T> ObservableValue<T> value(T v) {
        return new SimpleObjectProperty<>(v);
    }

    private static TableColumn<RunRecord, Outcome> outcomeColumn() {
        var c = Columns.of("Outcome", 110, 110, (RunRecord r) -> value(r.outcome()), Badges::words);
        c.setCellFactory(col -> Badges.cell(Badges::tone));
        return c;
    }
}
