package io.cloudvoter.desktop.controls;

import io.cloudvoter.desktop.session.AgentSession;
import io.cloudvoter.desktop.ssh.TunnelStatus;
import io.cloudvoter.desktop.widgets.Badges;
import io.cloudvoter.desktop.widgets.Steady;

import javafx.beans.value.ChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * The SSH tunnel's state beside the connection's, for an agent reached through SSH: "SSH up",
 * "SSH: retrying in 4 s", "SSH: host key unknown" with a button to look at the key and accept it.
 */
public final class TunnelBadge extends HBox {
    private final Label badge = new Label();
    private final Button hostKey = new Button("Host key…");
    private final Clock clock;
    private final ChangeListener<TunnelStatus> listener = (o, a, st) -> show(st);
    private AgentSession bound;

    /** @param askHostKey asks the operator about the session's unknown host key */
    public TunnelBadge(Clock clock, Consumer<AgentSession> askHostKey) {
        super(6);
        this.clock = clock;
        setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        badge.setMinWidth(Region.USE_PREF_SIZE);
        hostKey.getStyleClass().add(atlantafx.base.theme.Styles.SMALL);
        hostKey.setTooltip(new Tooltip("See the server's key fingerprint and accept it into known_hosts"));
        hostKey.setOnAction(e -> {
            if (bound != null) {
                askHostKey.accept(bound);
            }
        });
        hostKey.managedProperty().bind(hostKey.visibleProperty());
        managedProperty().bind(visibleProperty());
        getChildren().setAll(badge, hostKey);
        bind(null);
    }

    public Label badge() {
        return badge;
    }

    public Button hostKeyButton() {
        return hostKey;
    }

    public void bind(AgentSession s) {
        if (bound != null && bound.tunnel() != null) {
            bound.tunnel().statusProperty().removeListener(listener);
        }
        bound = s;
        boolean ssh = s != null && s.tunnel() != null;
        setVisible(ssh);
        if (ssh) {
            s.tunnel().statusProperty().addListener(listener);
            show(s.tunnel().status());
        }
    }

    /** Moves "retrying in 4 s" along; the window calls it every second. */
    public void tick() {
        if (bound != null && bound.tunnel() != null) {
            show(bound.tunnel().status());
        }
    }

    private void show(TunnelStatus st) {
        badge.setText(st.describe(clock.instant()));
        Steady.styleClasses(badge, "label", Badges.BADGE, tone(st.phase()));
        Steady.tooltip(badge, st.detail());
        hostKey.setVisible(st.phase() == TunnelStatus.Phase.HOST_UNKNOWN);
    }

    public static String tone(TunnelStatus.Phase phase) {
        return switch (phase) {
            case UP -> "success";
            case OPENING -> "accent";
            case HOST_UNKNOWN -> "warning";
            case RETRYING, HOST_CHANGED, REFUSED -> "danger";
            case CLOSED -> "neutral";
        };
    }
}
