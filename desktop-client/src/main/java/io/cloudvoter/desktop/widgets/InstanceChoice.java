package io.cloudvoter.desktop.widgets;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.ComboBox;

import java.util.ArrayList;

/** The "All instances" / one-instance filter the Logs and History views share, kept in step with the agent's instances. */
public final class InstanceChoice {
    public static final String ALL = "All instances";

    private InstanceChoice() {
    }

    /** Fills {@code box} with {@link #ALL} and {@code ids}, and keeps it so; a chosen instance that goes away falls back to all. */
    public static void follow(ComboBox<String> box, ObservableList<String> ids) {
        ids.addListener((ListChangeListener<String>) c -> sync(box, ids));
        sync(box, ids);
    }

    /** The chosen instance id, or null for all of them. */
    public static String selected(ComboBox<String> box) {
        String value = box.getValue();
        return value == null || value.equals(ALL) ? null : value;
    }

    private static void sync(ComboBox<String> box, ObservableList<String> ids) {
        String chosen = box.getValue();
        var items = new ArrayList<String>();
        items.add(ALL);
        items.addAll(ids);
        box.getItems().setAll(items);
        box.setValue(chosen != null && items.contains(chosen) ? chosen : ALL);
    }
}
