package io.cloudvoter.desktop.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;

import javafx.application.Application;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleObjectProperty;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * Light or dark: AtlantaFX's Primer Light and Primer Dark. {@code SYSTEM} follows the desktop's own
 * preference (read by {@link SystemTheme}, again when the window gets the focus back). The operator's
 * choice is remembered. FX thread only.
 */
public final class ThemeChoice {
    public enum Theme {
        SYSTEM, LIGHT, DARK;

        /** {@code system}, {@code light}, {@code dark}; anything else is {@code SYSTEM}. */
        public static Theme parse(String s) {
            if (s == null) {
                return SYSTEM;
            }
            return switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "light" -> LIGHT;
                case "dark" -> DARK;
                default -> SYSTEM;
            };
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final ObjectProperty<Theme> choice;
    private final ReadOnlyBooleanWrapper dark = new ReadOnlyBooleanWrapper();
    private boolean systemDark;

    /** @param remember told each new choice, to keep it */
    public ThemeChoice(Theme initial, boolean systemDark, Consumer<Theme> remember) {
        this.systemDark = systemDark;
        this.choice = new SimpleObjectProperty<>(initial);
        choice.addListener((o, a, t) -> {
            apply();
            remember.accept(t);
        });
        apply();
    }

    /** Blocking: the desktop's own preference (see {@link SystemTheme}); for the launcher, before the FX thread starts. */
    public static boolean systemPrefersDark(java.util.Map<String, String> env) {
        return SystemTheme.prefersDark(env, System.getProperty("os.name", ""));
    }

    public ObjectProperty<Theme> choiceProperty() {
        return choice;
    }

    /** True while the dark theme is on. */
    public ReadOnlyBooleanProperty darkProperty() {
        return dark.getReadOnlyProperty();
    }

    /** The desktop's preference was read again (it matters while the choice is {@code SYSTEM}). */
    public void systemPrefersDark(boolean on) {
        systemDark = on;
        apply();
    }

    private void apply() {
        boolean on = switch (choice.get()) {
            case DARK -> true;
            case LIGHT -> false;
            case SYSTEM -> systemDark;
        };
        String sheet = on ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet();
        if (!sheet.equals(Application.getUserAgentStylesheet())) {
            Application.setUserAgentStylesheet(sheet);
        }
        dark.set(on);
    }
}
