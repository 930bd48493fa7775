package io.cloudvoter.desktop.notify;

import atlantafx.base.controls.Notification;
import atlantafx.base.theme.Styles;
import io.cloudvoter.desktop.concurrent.UiExecutor;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.layout.VBox;

import java.time.Duration;

/**
 * Notices as cards in the window's top-right corner: the newest few, each dismissed by its close
 * button or after a while (alerts stay longer). Clicks pass through the empty area.
 */
public final class NoticeArea extends VBox {
    static final int SHOWN = 4;
    static final Duration NOTICE_TIME = Duration.ofSeconds(6);
    static final Duration ALERT_TIME = Duration.ofSeconds(20);

    private final UiExecutor executor;

    public NoticeArea(Notices notices, UiExecutor executor) {
        this.executor = executor;
        getStyleClass().add("notice-area");
        setSpacing(8);
        setPadding(new Insets(56, 16, 16, 16));
        setAlignment(Pos.TOP_RIGHT);
        setPickOnBounds(false);
        setMaxWidth(420);
        setFillWidth(true);
        notices.recent().addListener((ListChangeListener<Notice>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(this::show);
            }
        });
    }

    private void show(Notice notice) {
        var card = new Notification((notice.agent() == null ? "" : notice.agent() + " · ") + notice.title()
                + (notice.text() == null || notice.text().isBlank() ? "" : "\n" + notice.text()));
        card.getStyleClass().addAll(Styles.ELEVATED_2, switch (notice.level()) {
            case INFO -> Styles.ACCENT;
            case SUCCESS -> Styles.SUCCESS;
            case WARNING -> Styles.WARNING;
            case DANGER -> Styles.DANGER;
        });
        card.setPrefWidth(400);
        card.setMaxWidth(400);
        card.setOnClose(e -> getChildren().remove(card));
        getChildren().add(card);
        while (getChildren().size() > SHOWN) {
            getChildren().removeFirst();
        }
        executor.schedule(notice.alert() ? ALERT_TIME : NOTICE_TIME, () -> getChildren().remove(card));
    }
}
