package io.cloudvoter.desktop.notify;

import atlantafx.base.theme.Styles;
import io.cloudvoter.desktop.concurrent.UiExecutor;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.time.Duration;

/**
 * Notices as one-line rows in a strip of their own between the tabs and the status bar: it takes its
 * room in the layout, so a notice never lies over a table, a count or a dialog; the views give way a
 * row's height while there is one. The newest few are shown, each dismissed by its × or after a while
 * (alerts stay longer); the whole text is on hover.
 */
public final class NoticeArea extends VBox {
    static final int SHOWN = 3;
    static final Duration NOTICE_TIME = Duration.ofSeconds(6);
    static final Duration ALERT_TIME = Duration.ofSeconds(20);

    private final UiExecutor executor;

    public NoticeArea(Notices notices, UiExecutor executor) {
        this.executor = executor;
        getStyleClass().add("notice-area");
        setSpacing(0);
        visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(getChildren()));
        managedProperty().bind(visibleProperty());
        notices.recent().addListener((ListChangeListener<Notice>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(this::show);
            }
        });
    }

    private void show(Notice notice) {
        String text = (notice.agent() == null ? "" : notice.agent() + " · ") + notice.title()
                + (notice.text() == null || notice.text().isBlank() ? "" : " — " + notice.text());
        var label = new Label(text);
        label.setTextOverrun(OverrunStyle.ELLIPSIS);
        label.setMinWidth(0);
        label.setMaxWidth(Double.MAX_VALUE);
        label.setTooltip(new Tooltip(text));
        HBox.setHgrow(label, Priority.ALWAYS);
        var close = new Button("×");
        close.getStyleClass().addAll(Styles.FLAT, Styles.SMALL, "notice-close");
        close.setTooltip(new Tooltip("Dismiss"));
        var row = new HBox(8, label, close);
        row.setAlignment(Pos.CENTER_LEFT);
        row.setPadding(new Insets(3, 8, 3, 12));
        row.getStyleClass().addAll("notice", switch (notice.level()) {
            case INFO -> "info";
            case SUCCESS -> "success";
            case WARNING -> "warning";
            case DANGER -> "danger";
        });
        close.setOnAction(e -> getChildren().remove(row));
        getChildren().add(row);
        while (getChildren().size() > SHOWN) {
            getChildren().removeFirst();
        }
        executor.schedule(notice.alert() ? ALERT_TIME : NOTICE_TIME, () -> getChildren().remove(row));
    }
}
