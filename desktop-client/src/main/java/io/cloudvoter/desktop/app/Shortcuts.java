package io.cloudvoter.desktop.app;

import javafx.scene.Scene;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Keyboard shortcuts for the common actions; {@link #HELP} lists them for the cheat sheet and docs/desktop.md. */
public final class Shortcuts {
    public static final Map<String, String> HELP = help();

    private Shortcuts() {
    }

    static void install(Scene scene, MainWindow window) {
        var keys = scene.getAccelerators();
        for (int i = 0; i < MainWindow.TABS.size(); i++) {
            String tab = MainWindow.TABS.get(i);
            keys.put(new KeyCodeCombination(KeyCode.getKeyCode(Integer.toString(i + 1)), KeyCombination.SHORTCUT_DOWN),
                    () -> window.select(tab));
        }
        keys.put(new KeyCodeCombination(KeyCode.K, KeyCombination.SHORTCUT_DOWN), window::openConnections);
        keys.put(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN), () -> withWorkspace(window, w -> {
            window.select("Instances");
            w.instances().runNow();
        }));
        keys.put(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                () -> withWorkspace(window, w -> w.instances().restart()));
        keys.put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), window::focusFilter);
        keys.put(new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN), () -> withWorkspace(window, w ->
                w.session().logs().pausedProperty().set(!w.session().logs().pausedProperty().get())));
        keys.put(new KeyCodeCombination(KeyCode.F5), () -> withWorkspace(window, w -> w.session().history().refresh()));
        keys.put(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN), () -> withWorkspace(window, w -> {
            window.select("History");
            w.history().exportCsv();
        }));
        keys.put(new KeyCodeCombination(KeyCode.D, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), window::toggleDark);
        keys.put(new KeyCodeCombination(KeyCode.F1), window::showCheatSheet);
        keys.put(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN), window::quit);
        keys.put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN), () -> withWorkspace(window, w -> {
            if (window.selectedTab().equals("Flows")) {
                w.flows().startNew();
            } else {
                window.select("Instances");
                w.instances().add();
            }
        }));
        keys.put(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN), () -> withWorkspace(window, w -> {
            if (window.selectedTab().equals("Flows")) {
                w.flows().save();
            }
        }));
        // "?" and "/" are typed characters (Shift+/ on one keyboard, another key elsewhere); where text is typed they stay text
        scene.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if (typing(e)) {
                return;
            }
            if ("?".equals(e.getCharacter())) {
                e.consume();
                window.showCheatSheet();
            } else if ("/".equals(e.getCharacter())) {
                e.consume();
                window.focusFilter();
            }
        });
        scene.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.DELETE && !typing(e) && window.selectedTab().equals("Instances")) {
                withWorkspace(window, w -> w.instances().remove());
                e.consume();
            }
        });
    }

    /** Whether the key goes to a place where text is typed: a field, or the flow editor. */
    private static boolean typing(KeyEvent e) {
        return e.getTarget() instanceof TextInputControl || e.getTarget() instanceof org.fxmisc.richtext.GenericStyledArea<?, ?, ?>;
    }

    private static void withWorkspace(MainWindow window, Consumer<AgentWorkspace> action) {
        var w = window.currentWorkspace();
        if (w != null) {
            action.accept(w);
        }
    }

    private static Map<String, String> help() {
        var m = new LinkedHashMap<String, String>();
        m.put("?  or  F1", "These keyboard shortcuts");
        m.put("Ctrl+1 … Ctrl+7", "Fleet, Instances, Flows, Logs, Resources, History, Alerts");
        m.put("Ctrl+K", "Connections");
        m.put("Ctrl+F", "Filter: the instances, the history page or the log (whichever tab is shown; the log elsewhere)");
        m.put("/", "Filter (as Ctrl+F), when not typing in a field");
        m.put("Esc", "Clear the filter box; close a dialog");
        m.put("Ctrl+N", "Add an instance (on the Flows tab: a new flow from the template)");
        m.put("Delete", "Remove the chosen instances (asks first)");
        m.put("Ctrl+S", "Save the flow in the editor (Flows tab)");
        m.put("Ctrl+R", "Run the selected instance now");
        m.put("Ctrl+Shift+R", "Restart the selected instance (asks first)");
        m.put("Ctrl+P", "Pause / resume the log");
        m.put("F5", "Refresh the history");
        m.put("Ctrl+E", "Export the history as CSV");
        m.put("Ctrl+Shift+D", "Switch between the light and the dark theme");
        m.put("Ctrl+Q", "Quit");
        return Collections.unmodifiableMap(m);
    }
}
