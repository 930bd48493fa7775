package io.cloudvoter.desktop.widgets;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringExpression;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A filter box over a table: the rows whose text contains every word typed (any case, any order), still
 * sorted by the table's column headers. {@code text} says what a row's searchable text is; rows that
 * change in place are filtered again when their list reports the update (give it an extractor).
 * Escape clears the box.
 */
public final class TableFilter<S> {
    private final TextField field = new TextField();
    private final FilteredList<S> shown;

    public TableFilter(TableView<S> table, ObservableList<S> items, Function<S, String> text, String prompt) {
        shown = new FilteredList<>(items);
        shown.predicateProperty().bind(Bindings.createObjectBinding(() -> matcher(field.getText(), text), field.textProperty()));
        Columns.sortable(table, shown);
        field.setPromptText(prompt);
        field.setPrefColumnCount(18);
        field.getStyleClass().add("table-filter");
        field.setTooltip(new Tooltip("Shows the rows that contain every word typed here (Esc clears)"));
        field.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE && !field.getText().isEmpty()) {
                field.clear();
                e.consume();
            }
        });
    }

    public TextField field() {
        return field;
    }

    /** The rows that pass the filter, in the items' own order. */
    public ObservableList<S> shown() {
        return shown;
    }

    /** "3 of 12 instances" while filtering, "12 instances" otherwise. */
    public StringExpression count(ObservableList<S> all, String noun) {
        return Bindings.createStringBinding(() -> (shown.size() == all.size() ? "" : shown.size() + " of ")
                + all.size() + " " + noun, shown, all);
    }

    static <S> Predicate<S> matcher(String query, Function<S, String> text) {
        var words = query == null ? new String[0] : Arrays.stream(query.toLowerCase(Locale.ROOT).split("\\s+"))
                .filter(w -> !w.isEmpty()).toArray(String[]::new);
        if (words.length == 0) {
            return row -> true;
        }
        return row -> {
            String haystack = text.apply(row);
            if (haystack == null) {
                return false;
            }
            String lower = haystack.toLowerCase(Locale.ROOT);
            for (String w : words) {
                if (!lower.contains(w)) {
                    return false;
                }
            }
            return true;
        };
    }
}
