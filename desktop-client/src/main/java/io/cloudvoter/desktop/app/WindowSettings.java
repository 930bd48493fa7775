package io.cloudvoter.desktop.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cloudvoter.desktop.connection.ConfigDir;
import io.cloudvoter.model.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.util.logging.Logger;

/**
 * What the window remembers between starts: its size and place (the size it has when not maximized),
 * the tab that was open, the theme the operator chose ({@code system}, {@code light}, {@code dark}) and
 * the folder last used for a file, and the browser logins are captured in when one was chosen by hand. Kept in {@code window.json} of the config dir; a missing or broken
 * file means the defaults.
 */
public record WindowSettings(Double x, Double y, double width, double height, boolean maximized, String tab,
                             String theme, String folder, String loginBrowser) {
    private static final Logger LOG = Logger.getLogger(WindowSettings.class.getName());
    static final String FILE = "window.json";
    public static final WindowSettings DEFAULT = new WindowSettings(null, null, 1280, 800, false, "Instances", null, null, null);

    public WindowSettings {
        width = Double.isFinite(width) && width >= 640 ? width : 1280;
        height = Double.isFinite(height) && height >= 480 ? height : 800;
        tab = tab == null || tab.isBlank() ? "Instances" : tab;
        theme = theme == null || theme.isBlank() ? "system" : theme;
    }

    /** Blocking read; call it before the FX thread starts or off it. */
    public static WindowSettings load(ConfigDir dir) {
        var file = dir.file(FILE);
        if (!Files.exists(file)) {
            return DEFAULT;
        }
        try {
            return Json.mapper().readValue(file.toFile(), WindowSettings.class);
        } catch (JsonProcessingException e) {
            LOG.warning(file + ": ignored, not valid window settings (" + e.getOriginalMessage() + ")");
            return DEFAULT;
        } catch (IOException e) {
            LOG.warning(file + ": ignored, cannot read it (" + e.getMessage() + ")");
            return DEFAULT;
        }
    }

    public void save(ConfigDir dir) throws IOException {
        dir.writePrivate(FILE, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this));
    }

    public boolean hasPosition() {
        return x != null && y != null && Double.isFinite(x) && Double.isFinite(y);
    }

    public WindowSettings withBounds(Double newX, Double newY, double newWidth, double newHeight) {
        return new WindowSettings(newX, newY, newWidth, newHeight, maximized, tab, theme, folder, loginBrowser);
    }

    public WindowSettings withMaximized(boolean on) {
        return new WindowSettings(x, y, width, height, on, tab, theme, folder, loginBrowser);
    }

    public WindowSettings withTab(String newTab) {
        return new WindowSettings(x, y, width, height, maximized, newTab, theme, folder, loginBrowser);
    }

    public WindowSettings withTheme(String newTheme) {
        return new WindowSettings(x, y, width, height, maximized, tab, newTheme, folder, loginBrowser);
    }

    public WindowSettings withLoginBrowser(String path) {
        return new WindowSettings(x, y, width, height, maximized, tab, theme, folder, path);
    }

    public WindowSettings withFolder(String newFolder) {
        return new WindowSettings(x, y, width, height, maximized, tab, theme, newFolder, loginBrowser);
    }
}
