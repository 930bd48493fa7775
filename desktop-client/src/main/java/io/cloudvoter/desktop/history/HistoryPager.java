package io.cloudvoter.desktop.history;

import atlantafx.base.theme.Styles;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;

/** Newer and older pages of the history, and which page this is. */
final class HistoryPager extends HBox {

    HistoryPager(HistoryModel model) {
        super(8);
        var newer = new Button("‹ Newer");
        newer.disableProperty().bind(model.pageProperty().lessThanOrEqualTo(1));
        newer.setOnAction(e -> model.previous());
        var older = new Button("Older ›");
        older.disableProperty().bind(model.hasNextProperty().not());
        older.setOnAction(e -> model.next());
        var page = new Label();
        page.textProperty().bind(Bindings.createStringBinding(() -> "Page " + model.pageProperty().get()
                        + (model.loadingProperty().get() ? " · loading…" : "") + " · " + HistoryModel.PAGE_SIZE + " runs per page",
                model.pageProperty(), model.loadingProperty()));
        page.getStyleClass().add(Styles.TEXT_MUTED);
        getChildren().setAll(newer, page, older);
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(6, 10, 6, 10));
    }
}
