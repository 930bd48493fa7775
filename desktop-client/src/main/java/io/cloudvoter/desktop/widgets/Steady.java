package io.cloudvoter.desktop.widgets;

import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;

import java.util.List;
import java.util.Objects;

/**
 * Updates for what the window refreshes every second (the header, the tunnel badge): each changes
 * the node only when the value changes. Setting equal style classes again still re-applies CSS to the
 * node and everything under it, and a new Tooltip is a new popup each second.
 */
public final class Steady {
    private Steady() {
    }

    /** {@code node}'s style classes become {@code classes}, unless they already are. */
    public static void styleClasses(Node node, String... classes) {
        if (!node.getStyleClass().equals(List.of(classes))) {
            node.getStyleClass().setAll(classes);
        }
    }

    /** {@code control} shows {@code text} as its tooltip (none for null), keeping the one it has when it says that already. */
    public static void tooltip(Control control, String text) {
        var current = control.getTooltip();
        if (text == null) {
            control.setTooltip(null);
        } else if (current == null || !Objects.equals(current.getText(), text)) {
            control.setTooltip(new Tooltip(text));
        }
    }
}
