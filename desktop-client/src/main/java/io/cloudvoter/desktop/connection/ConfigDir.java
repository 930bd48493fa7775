package io.cloudvoter.desktop.connection;

import io.cloudvoter.model.files.PrivateFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The client's own folder ({@code $XDG_CONFIG_HOME/cloudvoter}, else {@code ~/.config/cloudvoter}),
 * readable by its owner only: it holds agent tokens.
 */
public record ConfigDir(Path path) {

    public static ConfigDir locate(Map<String, String> env) {
        String explicit = env.get("CLOUDVOTER_DESKTOP_CONFIG");
        if (explicit != null && !explicit.isBlank()) {
            return new ConfigDir(Path.of(explicit));
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return new ConfigDir(base.resolve("cloudvoter"));
    }

    public Path file(String name) {
        return path.resolve(name);
    }

    /** Writes {@code content} to {@code name} atomically with mode 0600, in a folder of 0700 (where the file system has POSIX modes). */
    public void writePrivate(String name, String content) throws IOException {
        PrivateFiles.write(file(name), content.getBytes(StandardCharsets.UTF_8));
    }
}
