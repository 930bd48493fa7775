package io.cloudvoter.desktop.controls;

import atlantafx.base.theme.Styles;
import io.cloudvoter.desktop.connection.ConnectionStatus;
import io.cloudvoter.desktop.session.AgentSession;
import io.cloudvoter.desktop.widgets.Steady;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.shape.Circle;

import java.time.Clock;
import java.util.function.Predicate;

/**
 * The bar above the tabs: which agent, whether the link to it is up (always visible), and the
 * agent-wide controls. Stopping monitoring, recycling the browser and restarting the agent ask first.
 */
public final class AgentHeader extends HBox {
    private final ObjectProperty<AgentSession> current;
    private final Predicate<String> confirm;
    private final Clock clock;
    private final Circle dot = new Circle(5);
    private final Label connection = new Label();
    private final Label agentInfo = new Label();
    private final Label monitoringBadge = new Label();
    private final Button monitoring = new Button("Stop monitoring");
    private final Button recycle = new Button("Recycle browser");
    private final Button restart = new Button("Restart agent");
    private final Button retry = new Button("Retry now");
    private final TunnelBadge tunnel;
    private final javafx.beans.value.ChangeListener<ConnectionStatus> statusListener = (o, a, st) -> showStatus(st);
    private final javafx.beans.value.ChangeListener<Boolean> monitoringListener = (o, a, on) -> tone(on);
    private AgentSession bound;

    /**
     * @param confirm asks the operator a yes/no question (a dialog in the app; a stub in tests)
     * @param openConnections opens the connections dialog
     * @param askHostKey asks the operator about an SSH server's unknown host key
     */
    public AgentHeader(ObservableList<AgentSession> sessions, ObjectProperty<AgentSession> current, Clock clock,
                       Predicate<String> confirm, Runnable openConnections, java.util.function.Consumer<AgentSession> askHostKey) {
        this.current = current;
        this.tunnel = new TunnelBadge(clock, askHostKey);
        this.confirm = confirm;
        this.clock = clock;
        getStyleClass().add("agent-header");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(8);
        setPadding(new Insets(8, 12, 8, 12));
        var title = new Label("CloudVoter");
        title.getStyleClass().addAll(Styles.TITLE_4, "app-title");
        title.setMinWidth(Region.USE_PREF_SIZE);
        var selector = new ComboBox<>(sessions);
        selector.setMinWidth(190);
        selector.valueProperty().bindBidirectional(current);
        selector.setPromptText("No agent");
        selector.setTooltip(new Tooltip("The agent the tabs show"));
        dot.getStyleClass().add("connection-dot");
        connection.getStyleClass().add("connection-text");
        agentInfo.getStyleClass().add(Styles.TEXT_MUTED);
        monitoringBadge.getStyleClass().add("badge");
        monitoring.setOnAction(e -> toggleMonitoring());
        monitoring.setTooltip(new Tooltip("Start or stop the agent's scheduling loop (run-now still works while stopped)"));
        recycle.setOnAction(e -> recycleBrowser());
        recycle.setTooltip(new Tooltip("Close Chromium after the run in hand; the next run starts a fresh one"));
        restart.setOnAction(e -> restartAgent());
        restart.setTooltip(new Tooltip(ControlsModel.RESTART_HELP));
        restart.getStyleClass().add(Styles.DANGER);
        var connections = new Button("Connections…");
        connections.setTooltip(new Tooltip("Add, edit or open agent connections (Ctrl+K)"));
        connections.setOnAction(e -> openConnections.run());
        retry.getStyleClass().add(Styles.SMALL);
        retry.setTooltip(new Tooltip("Connect again now instead of waiting out the backoff"));
        retry.setOnAction(e -> {
            var s = current.get();
            if (s != null) {
                s.connection().retryNow();
            }
        });
        retry.managedProperty().bind(retry.visibleProperty());
        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        for (var b : new Region[]{monitoringBadge, monitoring, recycle, restart, connections, retry}) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        // A hidden badge takes no room, and a long connection text (a refused token says what to do)
        // gives way beyond 200 px instead of widening the window past the screen (seen at 1280 px).
        monitoringBadge.managedProperty().bind(monitoringBadge.visibleProperty());
        connection.minWidthProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                () -> Math.min(connection.prefWidth(-1), 200), connection.textProperty(), connection.fontProperty()));
        getChildren().setAll(title, selector, dot, connection, tunnel, retry, spacer, monitoringBadge, monitoring, recycle,
                restart, connections);
        current.addListener((o, a, s) -> rebind(s));
        rebind(current.get());
    }

    public Button monitoringButton() {
        return monitoring;
    }

    public Button recycleButton() {
        return recycle;
    }

    public Button retryButton() {
        return retry;
    }

    /** Adds window-wide controls (theme, help) at the end of the bar. */
    public void addTrailing(javafx.scene.Node... nodes) {
        getChildren().addAll(nodes);
    }

    public Button restartButton() {
        return restart;
    }

    /** Who the current agent is (name, host, version, URL), for the status bar. */
    public Label agentInfo() {
        return agentInfo;
    }

    public Label connectionLabel() {
        return connection;
    }

    /** Refreshes the time-dependent text ("retrying in 4 s"); the window calls it every second. */
    public void tick() {
        var s = current.get();
        if (s != null) {
            showStatus(s.connection().status());
        }
        tunnel.tick();
    }

    public TunnelBadge tunnelBadge() {
        return tunnel;
    }

    private void rebind(AgentSession s) {
        if (bound != null) {
            bound.connection().statusProperty().removeListener(statusListener);
            bound.overview().monitoringProperty().removeListener(monitoringListener);
        }
        bound = s;
        tunnel.bind(s);
        connection.textProperty().unbind();
        agentInfo.textProperty().unbind();
        monitoringBadge.textProperty().unbind();
        monitoringBadge.visibleProperty().unbind();
        monitoring.textProperty().unbind();
        monitoring.disableProperty().unbind();
        recycle.disableProperty().unbind();
        restart.disableProperty().unbind();
        retry.visibleProperty().unbind();
        if (s == null) {
            retry.setVisible(false);
            connection.setText("Not connected");
            dot.getStyleClass().setAll("connection-dot", "closed");
            agentInfo.setText("");
            monitoringBadge.setVisible(false);
            monitoring.setDisable(true);
            recycle.setDisable(true);
            restart.setDisable(true);
            return;
        }
        retry.visibleProperty().bind(s.connection().retryingProperty());
        ObservableValue<ConnectionStatus> status = s.connection().statusProperty();
        status.addListener(statusListener);
        showStatus(status.getValue());
        agentInfo.textProperty().bind(Bindings.createStringBinding(() -> {
            var info = s.overview().agentProperty().get();
            var st = status.getValue();
            String who = info == null ? s.profile().address() : describe(info) + " · " + s.profile().address();
            return st.connected() || st.detail() == null ? who : who + " — " + st.detail();
        }, s.overview().agentProperty(), status));
        // before the first snapshot nobody knows: show nothing rather than "stopped"
        // Only while the link is up: a disconnected or refused agent's monitoring state is not known now.
        monitoringBadge.visibleProperty().bind(s.overview().agentProperty().isNotNull().and(Bindings.createBooleanBinding(
                () -> s.connection().status().phase() == io.cloudvoter.desktop.connection.ConnectionStatus.Phase.CONNECTED,
                s.connection().statusProperty())));
        monitoringBadge.textProperty().bind(Bindings.when(s.overview().monitoringProperty())
                .then("monitoring on").otherwise("monitoring stopped"));
        s.overview().monitoringProperty().addListener(monitoringListener);
        tone(s.overview().monitoring());
        monitoring.textProperty().bind(Bindings.when(s.overview().monitoringProperty())
                .then("Stop monitoring").otherwise("Start monitoring"));
        var offline = Bindings.createBooleanBinding(() -> !status.getValue().connected(), status);
        monitoring.disableProperty().bind(offline);
        recycle.disableProperty().bind(offline);
        restart.disableProperty().bind(offline);
    }

    /** "droplet-1 · v0.1.0", with the host when it differs from the name; a build without a version says "dev". */
    static String describe(io.cloudvoter.model.api.AgentInfo info) {
        String version = info.version() == null ? "" : info.version();
        String v = !version.isEmpty() && Character.isDigit(version.charAt(0)) ? "v" + version : version;
        boolean sameHost = info.host() == null || info.host().equals(info.name());
        return info.name() + (sameHost ? "" : " · " + info.host()) + (v.isEmpty() ? "" : " · " + v);
    }

    private void tone(boolean on) {
        monitoringBadge.getStyleClass().setAll("badge", on ? "success" : "neutral");
    }

    private void showStatus(ConnectionStatus st) {
        connection.setText(st.describe(clock.instant()));
        Steady.styleClasses(dot, "connection-dot", st.phase().label());
        Steady.tooltip(connection, st.detail());
        agentInfo.setTooltip(connection.getTooltip()); // the same one: no change, no event
    }

    private void toggleMonitoring() {
        var s = current.get();
        if (s == null) {
            return;
        }
        boolean on = s.overview().monitoring();
        if (on && !confirm.test("Stop monitoring on " + s.name() + "?\n\nNo scheduled runs start until you start it again."
                + " Runs in flight finish.")) {
            return;
        }
        s.controls().setMonitoring(!on);
    }

    private void restartAgent() {
        var s = current.get();
        if (s != null && confirm.test("Restart the agent on " + s.name() + "?\n\nIt stops gracefully: no new runs, runs in flight"
                + " get its stop-grace (15 s unless set), the rest are recorded INTERRUPTED. Its supervisor (systemd) starts a fresh agent and this"
                + " window reconnects by itself. An agent without a supervisor refuses and says why.")) {
            s.controls().restartAgent();
        }
    }

    private void recycleBrowser() {
        var s = current.get();
        if (s != null && confirm.test("Recycle the browser on " + s.name() + "?\n\nChromium closes after the run in hand;"
                + " the next run starts a fresh one.")) {
            s.controls().recycleBrowser();
        }
    }
}
