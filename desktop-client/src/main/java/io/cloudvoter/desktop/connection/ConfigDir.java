package io.cloudvoter.desktop.connection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
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

    /** Writes {@code content} to {@code name} atomically with mode 0600 (where the file system has POSIX modes). */
    public void writePrivate(String name, String content) throws IOException {
        ensureExists();
        Path target = file(name);
        Path tmp = path.resolve("." + name + ".tmp");
        Files.deleteIfExists(tmp);
        if (posix()) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(tmp, content);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (posix()) {
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private void ensureExists() throws IOException {
        if (Files.isDirectory(path)) {
            return;
        }
        if (posix()) {
            Files.createDirectories(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(path);
        }
    }

    private boolean posix() {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
