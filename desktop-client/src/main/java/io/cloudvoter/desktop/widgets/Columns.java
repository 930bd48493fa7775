package io.cloudvoter.desktop.widgets;

import javafx.beans.value.ObservableValue;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import java.util.Comparator;
import java.util.function.Function;

/**
 * Table columns that hold values, not their text: a duration column holds milliseconds and sorts 238 ms
 * before 1.2 s; the cell formats the value only for the eye. Empty values sort last either way.
 */
public final class Columns {
    private static final String UNKNOWN = "cloudvoter.unknown";

    private Columns() {
    }

    /** What a cell says for an empty value ("—" for "not known yet"; by default nothing). */
    public static <S, T> TableColumn<S, T> unknownAs(String text, TableColumn<S, T> c) {
        c.getProperties().put(UNKNOWN, text);
        return c;
    }

    /** A column of comparable values, sorted in their natural order. */
    public static <S, T extends Comparable<? super T>> TableColumn<S, T> of(String title, double width, double min,
                                                                           Function<S, ObservableValue<T>> value,
                                                                           Function<T, String> format) {
        return of(title, width, min, value, format, Comparator.naturalOrder());
    }

    /** A column of values sorted by {@code order}; {@code format} turns a value into the cell's text. */
    public static <S, T> TableColumn<S, T> of(String title, double width, double min, Function<S, ObservableValue<T>> value,
                                              Function<T, String> format, Comparator<? super T> order) {
        var c = new TableColumn<S, T>(title);
        c.setPrefWidth(width);
        c.setMinWidth(min);
        c.setCellValueFactory(cell -> value.apply(cell.getValue()));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item == null ? (String) getTableColumn().getProperties().get(UNKNOWN) : format.apply(item));
            }
        });
        c.setComparator(Comparator.nullsLast(order));
        return c;
    }

    /** A right-aligned column of numbers (counts, measures), sorted by value. */
    public static <S, T extends Comparable<? super T>> TableColumn<S, T> numeric(String title, double width, double min,
                                                                                Function<S, ObservableValue<T>> value,
                                                                                Function<T, String> format) {
        var c = of(title, width, min, value, format);
        c.getStyleClass().add("numeric");
        return c;
    }

    /** Shows {@code items} in {@code table} in the order its column headers ask for (the items keep theirs). */
    public static <S> SortedList<S> sortable(TableView<S> table, ObservableList<S> items) {
        var sorted = new SortedList<>(items);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        return sorted;
    }
}
