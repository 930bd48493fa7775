package io.cloudvoter.desktop.app;

import atlantafx.base.theme.PrimerLight;
import io.cloudvoter.desktop.concurrent.UiExecutor;
import io.cloudvoter.desktop.connection.ConnectionsDialog;
import io.cloudvoter.desktop.connection.SavedProfiles;
import io.cloudvoter.desktop.controls.AgentHeader;
import io.cloudvoter.desktop.fleet.FleetView;
import io.cloudvoter.desktop.notify.Notice;
import io.cloudvoter.desktop.notify.NoticeArea;
import io.cloudvoter.desktop.session.AgentSession;

import javafx.application.Application;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The window: the agent header with its controls, the tabs (Fleet, Instances, Logs, Resources,
 * History, Alerts) showing the current agent, a status line, and notices in the corner.
 */
public final class MainWindow {
    public static final List<String> TABS = List.of("Fleet", "Instances", "Logs", "Resources", "History", "Alerts");

    private final Workbench workbench;
    private final SavedProfiles profiles;
    private final Stage stage;
    private final TabPane tabs = new TabPane();
    private final Map<AgentSession, AgentWorkspace> workspaces = new HashMap<>();
    private final AgentHeader header;
    private final Label status = new Label();
    private static final double STATUS_AGENT_MAX = 420;
    private final Label seq = new Label();
    private final Scene scene;
    private UiExecutor.Cancellable ticker = UiExecutor.Cancellable.NONE;

    public MainWindow(Stage stage, Workbench workbench, SavedProfiles profiles, Predicate<String> confirm) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        this.stage = stage;
        this.workbench = workbench;
        this.profiles = profiles;
        this.header = new AgentHeader(workbench.sessions(), workbench.currentProperty(), workbench.clock(), confirm,
                this::openConnections);
        for (String name : TABS) {
            var tab = new Tab(name);
            tab.setClosable(false);
            tab.setId("tab-" + name.toLowerCase());
            tabs.getTabs().add(tab);
        }
        tabs.getStyleClass().add("main-tabs");
        tab("Fleet").setContent(new FleetView(workbench.sessions(), this::open));
        workbench.currentProperty().addListener((o, a, s) -> show(s));
        workbench.sessions().addListener((ListChangeListener<AgentSession>) c -> {
            while (c.next()) {
                c.getRemoved().forEach(workspaces::remove);
            }
        });
        workbench.notices().recent().addListener((ListChangeListener<Notice>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(n -> status.setText(n.title() + (n.text() == null ? "" : " — " + n.text())));
            }
        });
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, tab) -> {
            var w = currentWorkspace();
            if (w != null && tab == tab("History")) {
                w.history().loadOnce();
            }
        });
        var root = new BorderPane();
        root.setTop(header);
        root.setCenter(tabs);
        root.setBottom(statusBar());
        var layers = new StackPane(root, new NoticeArea(workbench.notices(), workbench.executor()));
        StackPane.setAlignment(layers.getChildren().get(1), javafx.geometry.Pos.TOP_RIGHT);
        scene = new Scene(layers);
        scene.getStylesheets().add(MainWindow.class.getResource("/io/cloudvoter/desktop/desktop.css").toExternalForm());
        Shortcuts.install(scene, this);
        stage.setScene(scene);
        stage.setTitle("CloudVoter");
        show(workbench.current());
    }

    public Scene scene() {
        return scene;
    }

    public Stage stage() {
        return stage;
    }

    public TabPane tabs() {
        return tabs;
    }

    public AgentHeader header() {
        return header;
    }

    public Workbench workbench() {
        return workbench;
    }

    public Tab tab(String name) {
        return tabs.getTabs().get(TABS.indexOf(name));
    }

    public void select(String name) {
        int i = TABS.indexOf(name);
        tabs.getSelectionModel().select(i < 0 ? 1 : i);
    }

    public String selectedTab() {
        return tabs.getSelectionModel().getSelectedItem().getText();
    }

    /** The current agent's views, or null when none is connected. */
    public AgentWorkspace currentWorkspace() {
        var s = workbench.current();
        return s == null ? null : workspaces.computeIfAbsent(s, x -> new AgentWorkspace(x, workbench.zone(), status::setText));
    }

    public void startTicking() {
        ticker.cancel();
        ticker = workbench.executor().every(Duration.ofSeconds(1), () -> {
            workbench.tick();
            header.tick();
            var s = workbench.current();
            seq.setText(s == null ? "" : "events up to #" + s.connection().lastSeq());
        });
    }

    public void stopTicking() {
        ticker.cancel();
    }

    public Stage openConnections() {
        return ConnectionsDialog.show(stage, profiles, p -> {
            workbench.connect(p);
            select("Instances");
        }, profiles.profiles().isEmpty() ? null : profiles.profiles().getFirst());
    }

    /** Opens an agent from the fleet: it becomes the current one and its instances show. */
    public void open(AgentSession session) {
        workbench.currentProperty().set(session);
        select("Instances");
    }

    private void show(AgentSession session) {
        var w = currentWorkspace();
        tab("Instances").setContent(w == null ? placeholder() : w.instances());
        tab("Logs").setContent(w == null ? placeholder() : w.logs());
        tab("Resources").setContent(w == null ? placeholder() : w.resources());
        tab("History").setContent(w == null ? placeholder() : w.history());
        tab("Alerts").setContent(w == null ? placeholder() : w.alerts());
        if (w != null && tabs.getSelectionModel().getSelectedItem() == tab("History")) {
            w.history().loadOnce();
        }
        stage.setTitle(session == null ? "CloudVoter" : "CloudVoter · " + session.name());
    }

    private Node placeholder() {
        var text = new Label("Not connected to an agent.\nOpen Connections… (Ctrl+K) and paste the URL and token the agent printed,"
                + "\nor start with ./cloudvoter desktop --agent URL --token-file FILE.");
        text.getStyleClass().add("placeholder-text");
        var box = new VBox(text);
        box.setPadding(new Insets(40));
        return box;
    }

    private HBox statusBar() {
        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        status.getStyleClass().add("status-text");
        seq.getStyleClass().add("status-text");
        seq.setMinWidth(Region.USE_PREF_SIZE);
        var agent = header.agentInfo();
        agent.getStyleClass().add("status-text");
        // Who and where is worth more than the last notice's tail, but a long line (an agent that refused
        // the token says why here) must not widen the window past the screen: it gives way beyond 420 px.
        agent.minWidthProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                () -> Math.min(agent.prefWidth(-1), STATUS_AGENT_MAX), agent.textProperty(), agent.fontProperty()));
        status.setMinWidth(0);
        var bar = new HBox(12, agent, spacer, status, seq);
        bar.getStyleClass().add("status-bar");
        bar.setPadding(new Insets(4, 12, 4, 12));
        return bar;
    }
}
