package io.cloudvoter.desktop.app;

import io.cloudvoter.desktop.connection.ConnectionStatus;
import io.cloudvoter.desktop.notify.Notice;
import io.cloudvoter.desktop.session.AgentSession;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

import java.time.Duration;
import java.time.Instant;

/**
 * The line at the bottom: who the current agent is, the latest message, and how far the event stream
 * got. A message lasts {@link #MESSAGE_TIME}; a warning about the link goes as soon as the link is up
 * again (no "Token refused" beside "Connected"), and the event count shows only while it is live.
 */
public final class StatusLine {
    static final Duration MESSAGE_TIME = Duration.ofSeconds(30);
    private static final double AGENT_MAX = 420;

    private final Label message = new Label();
    private final Label seq = new Label();
    private final HBox bar;
    private final Workbench workbench;
    private final ChangeListener<ConnectionStatus> linkListener = (o, a, st) -> linkChanged(st);
    private Instant shownAt;
    private boolean warning;
    private AgentSession bound;

    StatusLine(Label agentInfo, Workbench workbench) {
        this.workbench = workbench;
        message.getStyleClass().add("status-text");
        message.setId("status-message");
        seq.getStyleClass().add("status-text");
        seq.setMinWidth(Region.USE_PREF_SIZE);
        agentInfo.getStyleClass().add("status-text");
        // Who and where is worth more than the last notice's tail, but a long line (an agent that refused
        // the token says why here) must not widen the window past the screen: it gives way beyond 420 px.
        agentInfo.minWidthProperty().bind(Bindings.createDoubleBinding(
                () -> Math.min(agentInfo.prefWidth(-1), AGENT_MAX), agentInfo.textProperty(), agentInfo.fontProperty()));
        message.setMinWidth(0);
        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        bar = new HBox(12, agentInfo, spacer, message, seq);
        bar.getStyleClass().add("status-bar");
        bar.setPadding(new Insets(4, 12, 4, 12));
        workbench.notices().recent().addListener((ListChangeListener<Notice>) c -> {
            while (c.next()) {
                // named: a warning about another agent must not read as one about the agent in the header
                c.getAddedSubList().forEach(n -> show((n.agent() == null ? "" : n.agent() + " · ") + n.title()
                        + (n.text() == null ? "" : " — " + n.text()), n.level() == Notice.Level.WARNING || n.level() == Notice.Level.DANGER));
            }
        });
        workbench.currentProperty().addListener((o, a, s) -> rebind(s));
        rebind(workbench.current());
    }

    HBox bar() {
        return bar;
    }

    public Label message() {
        return message;
    }

    public Label seq() {
        return seq;
    }

    /** A message from a view ("Copied 12 lines"). */
    public void show(String text) {
        show(text, false);
    }

    private void show(String text, boolean isWarning) {
        message.setText(text);
        shownAt = workbench.clock().instant();
        warning = isWarning;
    }

    /** Every second: old messages go, the event count follows the stream. */
    void tick() {
        if (shownAt != null && Duration.between(shownAt, workbench.clock().instant()).compareTo(MESSAGE_TIME) > 0) {
            clear();
        }
        var s = workbench.current();
        seq.setText(s != null && s.connection().status().connected() ? "events up to #" + s.connection().lastSeq() : "");
    }

    private void rebind(AgentSession s) {
        if (bound != null) {
            bound.connection().statusProperty().removeListener(linkListener);
        }
        bound = s;
        if (s != null) {
            s.connection().statusProperty().addListener(linkListener);
        }
        tick();
    }

    private void linkChanged(ConnectionStatus st) {
        if (st.connected() && warning) {
            clear();
        }
        tick();
    }

    private void clear() {
        message.setText("");
        shownAt = null;
        warning = false;
    }
}
