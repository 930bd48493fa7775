package io.cloudvoter.desktop.app;

import io.cloudvoter.desktop.concurrent.UiExecutor;
import io.cloudvoter.desktop.connection.ConnectionsDialog;
import io.cloudvoter.desktop.connection.ProfileBook;
import io.cloudvoter.desktop.controls.AgentHeader;
import io.cloudvoter.desktop.fleet.FleetView;
import io.cloudvoter.desktop.login.LoginLauncher;
import io.cloudvoter.desktop.notify.Notice;
import io.cloudvoter.desktop.notify.NoticeArea;
import io.cloudvoter.desktop.session.AgentSession;
import io.cloudvoter.desktop.widgets.Folders;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The window: the agent header with its controls, the tabs (Fleet, Instances, Flows, Logs, Resources,
 * History, Alerts) showing the current agent, a strip of notices and a status line below them.
 * <p>
 * To add a tab: name it in {@link #TABS} and give its content in {@link #show}; a tab for one agent
 * takes its view from the {@link AgentWorkspace}.
 */
public final class MainWindow {
    public static final List<String> TABS = List.of("Fleet", "Instances", "Flows", "Logs", "Resources", "History", "Alerts");
    /** The tabs that show a view of the current agent (all but Fleet). */
    private static final Map<String, Function<AgentWorkspace, Node>> AGENT_VIEWS = Map.of(
            "Instances", AgentWorkspace::instances, "Flows", AgentWorkspace::flows, "Logs", AgentWorkspace::logs,
            "Resources", AgentWorkspace::resources, "History", AgentWorkspace::history, "Alerts", AgentWorkspace::alerts);

    private final Workbench workbench;
    private final ProfileBook profiles;
    private final Predicate<String> confirm;
    private final ThemeChoice theme;
    private final Folders folders;
    private final Stage stage;
    private final TabPane tabs = new TabPane();
    private final FleetView fleet;
    private final Map<AgentSession, AgentWorkspace> workspaces = new HashMap<>();
    private final AgentHeader header;
    private final StatusLine status;
    private final Scene scene;
    private UiExecutor.Cancellable ticker = UiExecutor.Cancellable.NONE;
    private Runnable onQuit;
    private LoginLauncher logins;

    /**
     * @param confirm asks the operator a yes/no question (a dialog in the app; a stub in tests)
     * @param folders where file dialogs open
     */
    public MainWindow(Stage stage, Workbench workbench, ProfileBook profiles, Predicate<String> confirm, ThemeChoice theme,
                      Folders folders) {
        this.stage = stage;
        this.workbench = workbench;
        this.profiles = profiles;
        this.confirm = confirm;
        this.theme = theme;
        this.folders = folders;
        this.onQuit = stage::hide;
        this.logins = new LoginLauncher(workbench.executor(), workbench.clock(), System.getenv(), null, path -> { });
        this.header = new AgentHeader(workbench.sessions(), workbench.currentProperty(), workbench.clock(), confirm,
                this::openConnections, this::askHostKey);
        header.addTrailing(themeMenu(), helpButton());
        this.status = new StatusLine(header.agentInfo(), workbench);
        for (String name : TABS) {
            var tab = new Tab(name);
            tab.setClosable(false);
            tab.setId("tab-" + name.toLowerCase());
            tabs.getTabs().add(tab);
        }
        tabs.getStyleClass().add("main-tabs");
        this.fleet = new FleetView(workbench.sessions(), this::open);
        workbench.currentProperty().addListener((o, a, s) -> show(s));
        workbench.sessions().addListener((ListChangeListener<AgentSession>) c -> {
            while (c.next()) {
                c.getRemoved().forEach(workspaces::remove);
                c.getAddedSubList().forEach(this::watchHostKey);
            }
        });
        workbench.sessions().forEach(this::watchHostKey);
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, tab) -> {
            attachSelected();
            var w = currentWorkspace();
            if (w != null && tab == tab("History")) {
                w.history().loadOnce();
            }
        });
        var root = new BorderPane();
        root.setTop(header);
        root.setCenter(tabs);
        // notices take a strip of their own: they never lie over a table or a dialog
        root.setBottom(new VBox(new NoticeArea(workbench.notices(), workbench.executor()), status.bar()));
        scene = new Scene(root);
        scene.getStylesheets().add(MainWindow.class.getResource("/io/cloudvoter/desktop/desktop.css").toExternalForm());
        theme.darkProperty().addListener((o, a, dark) -> darkClass(dark));
        darkClass(theme.darkProperty().get());
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

    /** The Fleet tab's view (in the scene only while that tab is selected). */
    public FleetView fleet() {
        return fleet;
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
        return s == null ? null : workspaces.computeIfAbsent(s, x -> new AgentWorkspace(x, workbench.zone(), status::show,
                confirm, folders, () -> logins, workbench.notices()::post));
    }

    public ThemeChoice theme() {
        return theme;
    }

    public StatusLine status() {
        return status;
    }

    /** How "Capture login…" opens its browser: the app's remembers a browser path chosen by hand; tests give their own. */
    public void logins(LoginLauncher launcher) {
        this.logins = launcher;
    }

    /** What Ctrl+Q and the screenshot tour call; the app sets it to its orderly shutdown. */
    public void onQuit(Runnable quit) {
        this.onQuit = quit;
    }

    public void quit() {
        onQuit.run();
    }

    /** Ctrl+F: focuses the filter box of the tab in view (the log's on the tabs that have none) and returns it. */
    public javafx.scene.control.TextField focusFilter() {
        var w = currentWorkspace();
        if (w == null) {
            return null;
        }
        var field = switch (selectedTab()) {
            case "Instances" -> w.instances().filter().field();
            case "History" -> w.history().filter().field();
            default -> {
                select("Logs");
                yield w.logs().filterField();
            }
        };
        field.requestFocus();
        return field;
    }

    public void toggleDark() {
        theme.choiceProperty().set(theme.darkProperty().get() ? ThemeChoice.Theme.LIGHT : ThemeChoice.Theme.DARK);
    }

    public Stage showCheatSheet() {
        var open = javafx.stage.Window.getWindows().stream().filter(w -> w instanceof Stage st
                && CheatSheet.TITLE.equals(st.getTitle()) && st.isShowing()).findFirst();
        if (open.isPresent()) {
            ((Stage) open.get()).toFront();
            return (Stage) open.get();
        }
        return CheatSheet.show(stage, Shortcuts.HELP);
    }

    /** An SSH server whose key is not known yet: the operator is asked at once (and can ask again from the header). */
    private void watchHostKey(AgentSession s) {
        if (s.tunnel() == null) {
            return;
        }
        var asked = new java.util.HashSet<String>();
        s.tunnel().statusProperty().addListener((o, a, st) -> {
            if (st.phase() == io.cloudvoter.desktop.ssh.TunnelStatus.Phase.HOST_UNKNOWN && asked.add(st.hostKey())) {
                workbench.executor().ui(() -> askHostKey(s));
            }
        });
    }

    /** Shows the unknown host key's fingerprint; the key goes into known_hosts only when the operator says yes. */
    public void askHostKey(AgentSession s) {
        var tunnel = s.tunnel();
        if (tunnel == null || tunnel.status().phase() != io.cloudvoter.desktop.ssh.TunnelStatus.Phase.HOST_UNKNOWN
                || !workbench.sessions().contains(s)) {
            return;
        }
        if (confirm.test(s.name() + ": " + tunnel.status().detail() + "\n\nAdd this key to known_hosts and connect?")) {
            tunnel.acceptHostKey();
        }
    }

    private void darkClass(boolean dark) {
        scene.getRoot().getStyleClass().remove("dark");
        if (dark) {
            scene.getRoot().getStyleClass().add("dark");
        }
    }

    private MenuButton themeMenu() {
        var menu = new MenuButton("◐"); // a half-filled circle: light and dark; the header has little room left
        menu.setId("theme-menu");
        menu.setTooltip(new Tooltip("Theme: light, dark, or as the system says (Ctrl+Shift+D switches)"));
        var group = new ToggleGroup();
        for (var t : ThemeChoice.Theme.values()) {
            var item = new RadioMenuItem(switch (t) {
                case SYSTEM -> "As the system";
                case LIGHT -> "Light";
                case DARK -> "Dark";
            });
            item.setToggleGroup(group);
            item.setSelected(theme.choiceProperty().get() == t);
            item.setOnAction(e -> theme.choiceProperty().set(t));
            theme.choiceProperty().addListener((o, a, now) -> item.setSelected(now == t));
            menu.getItems().add(item);
        }
        menu.setMinWidth(Region.USE_PREF_SIZE);
        return menu;
    }

    private Button helpButton() {
        var help = new Button("?");
        help.setTooltip(new Tooltip("Keyboard shortcuts (? or F1)"));
        help.setOnAction(e -> showCheatSheet());
        help.setMinWidth(Region.USE_PREF_SIZE);
        return help;
    }

    public void startTicking() {
        ticker.cancel();
        ticker = workbench.executor().every(Duration.ofSeconds(1), () -> {
            workbench.tick();
            header.tick();
            status.tick();
        });
    }

    public void stopTicking() {
        ticker.cancel();
    }

    public Stage openConnections() {
        var current = workbench.current();
        var selected = current != null && profiles.entries().contains(current.profile()) ? current.profile()
                : profiles.entries().isEmpty() ? null : profiles.entries().getFirst();
        return ConnectionsDialog.show(stage, profiles, p -> {
            workbench.connect(p);
            select("Instances");
        }, selected);
    }

    /** Opens an agent from the fleet: it becomes the current one and its instances show. */
    public void open(AgentSession session) {
        workbench.currentProperty().set(session);
        select("Instances");
    }

    private void show(AgentSession session) {
        attachSelected();
        var w = currentWorkspace();
        if (w != null && tabs.getSelectionModel().getSelectedItem() == tab("History")) {
            w.history().loadOnce();
        }
        stage.setTitle(session == null ? "CloudVoter" : "CloudVoter · " + session.name());
    }

    /**
     * Only the tab in view holds its view (the fleet, or one of the current agent's); the others hold nothing until selected.
     * A TabPane keeps every tab's content in the scene, so each hidden view would get its skins, CSS and
     * layout at the window's start and again at every change it shows (a log line, a run): more than half
     * of the UI thread's work for a new window (docs/BENCHMARKS.md, "The test suite"). The views themselves live on
     * in the workspace, so scroll positions, filters and selections survive a switch.
     */
    private void attachSelected() {
        var w = currentWorkspace();
        var selected = tabs.getSelectionModel().getSelectedItem();
        for (String name : TABS) {
            var tab = tab(name);
            // setting the node a tab holds already is no change: the property compares identities
            tab.setContent(tab != selected ? null
                    : name.equals("Fleet") ? fleet : w == null ? placeholder() : AGENT_VIEWS.get(name).apply(w));
        }
    }

    private Node placeholder() {
        var text = new Label("Not connected to an agent.\nOpen Connections… (Ctrl+K) and paste the URL and token the agent printed,"
                + "\nor start with ./cloudvoter desktop --agent URL --token-file FILE.");
        text.getStyleClass().add("placeholder-text");
        var box = new VBox(text);
        box.setPadding(new Insets(40));
        return box;
    }

}
