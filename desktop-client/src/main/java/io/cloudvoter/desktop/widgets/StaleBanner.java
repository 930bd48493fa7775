package io.cloudvoter.desktop.widgets;

import atlantafx.base.theme.Styles;
import io.cloudvoter.desktop.connection.ConnectionStatus;
import io.cloudvoter.desktop.connection.Liveness;

import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

import java.time.ZoneId;

/**
 * A strip above a view while the link is down: what is shown is what the agent said when the link was
 * last up, and "Retry now" skips the rest of the backoff. {@link #mark} greys a node the same way.
 */
public final class StaleBanner extends HBox {
    public static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");

    private final Label text = new Label();
    private final Button retry = new Button("Retry now");

    public StaleBanner(Liveness liveness, ZoneId zone) {
        getStyleClass().add("stale-banner");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(10);
        setPadding(new Insets(5, 12, 5, 12));
        text.setMinWidth(0);
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMaxWidth(Double.MAX_VALUE);
        text.textProperty().bind(Bindings.createStringBinding(() -> describe(liveness.statusProperty().get(), zone),
                liveness.statusProperty()));
        retry.getStyleClass().add(Styles.SMALL);
        retry.setTooltip(new Tooltip("Connect again now instead of waiting out the backoff"));
        retry.setOnAction(e -> liveness.retryNow());
        retry.visibleProperty().bind(liveness.retryingProperty());
        retry.managedProperty().bind(retry.visibleProperty());
        getChildren().setAll(text, retry);
        visibleProperty().bind(liveness.liveProperty().not().and(Bindings.createBooleanBinding(
                () -> liveness.statusProperty().get().phase() != ConnectionStatus.Phase.CLOSED, liveness.statusProperty())));
        managedProperty().bind(visibleProperty());
    }

    public Button retryButton() {
        return retry;
    }

    public Label text() {
        return text;
    }

    /** Gives {@code node} the {@code :stale} pseudo-class while the link is down. */
    public static void mark(Node node, Liveness liveness) {
        node.getStyleClass().add("stale-able");
        node.pseudoClassStateChanged(STALE, !liveness.liveProperty().get());
        liveness.liveProperty().addListener((o, a, live) -> node.pseudoClassStateChanged(STALE, !live));
    }

    static String describe(ConnectionStatus s, ZoneId zone) {
        if (s.lastLive() == null) {
            return s.phase() == ConnectionStatus.Phase.CONNECTING ? "Connecting… nothing here is live yet."
                    : "Not connected" + (s.detail() == null ? "." : ": " + s.detail());
        }
        String since = Display.time(s.lastLive(), zone);
        return switch (s.phase()) {
            case CONNECTING -> "Not connected since " + since + ": this is what the agent said then (reconnecting…).";
            case RETRYING -> "Not connected since " + since + ": this is what the agent said then."
                    + (s.detail() == null ? "" : " (" + s.detail() + ")");
            case NEEDS_TOKEN -> "Not connected since " + since + ": the agent refused the token. Enter the new one in"
                    + " Connections… (Ctrl+K).";
            case CONNECTED, CLOSED -> "";
        };
    }
}
