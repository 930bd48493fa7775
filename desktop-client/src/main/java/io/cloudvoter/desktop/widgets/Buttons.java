package io.cloudvoter.desktop.widgets;

import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;

/** Toolbar buttons: a label, a tooltip saying what it does (and its key), an action; never squeezed to "…". */
public final class Buttons {
    private Buttons() {
    }

    public static Button of(String text, String tip, Runnable action) {
        var b = new Button(text);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }
}
