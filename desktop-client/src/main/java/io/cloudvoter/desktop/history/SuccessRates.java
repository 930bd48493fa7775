package io.cloudvoter.desktop.history;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.cloudvoter.desktop.widgets.Columns;

import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import static io.cloudvoter.desktop.history.RunTable.value;

/** The success rate per instance and per hour over the newest runs of the period, with what it counts. */
final class SuccessRates extends VBox {

    SuccessRates(HistoryModel model) {
        super(6);
        var note = new Label("Success rate = successes ÷ (successes + failures). Rate-limited and interrupted runs are"
                + " not counted. From the newest " + HistoryModel.SUMMARY_RUNS + " runs in the period.");
        note.setWrapText(true);
        note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        note.setMinHeight(Region.USE_PREF_SIZE); // the tables give way, the footnote stays whole
        var perInstance = table("Instance", model.perInstance());
        var perHour = table("Hour", model.perHour());
        VBox.setVgrow(perInstance, Priority.ALWAYS);
        VBox.setVgrow(perHour, Priority.ALWAYS);
        getChildren().setAll(title("Per instance"), perInstance, title("Per hour"), perHour, note);
        setPadding(new Insets(8));
    }

    private static Label title(String text) {
        var l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_BOLD);
        return l;
    }

    private static TableView<SummaryRow> table(String keyTitle, ObservableList<SummaryRow> rows) {
        var t = new TableView<>(rows);
        t.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        // the counts keep their headers whole; the key column gives way
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        t.setPlaceholder(new Label("No runs in this period."));
        Columns.sortable(t, rows);
        t.getColumns().setAll(
                Columns.of(keyTitle, 142, 142, r -> value(r.key()), s -> s), // "2026-11-27 09:00" whole
                Columns.numeric("Runs", 56, 56, r -> value(r.runs()), Object::toString),
                Columns.numeric("OK", 42, 42, r -> value(r.successes()), Object::toString),
                Columns.numeric("Failed", 70, 70, r -> value(r.failures()), Object::toString),
                Columns.numeric("Limited", 78, 78, r -> value(r.rateLimited()), Object::toString),
                Columns.numeric("Rate", 60, 60, r -> value(r.successRate()), SummaryRow::rateText));
        return t;
    }
}
