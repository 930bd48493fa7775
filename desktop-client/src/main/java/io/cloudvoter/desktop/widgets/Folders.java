package io.cloudvoter.desktop.widgets;

import javafx.stage.FileChooser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Where file dialogs open: the folder last used for any file (remembered between starts), or else the
 * operator's documents folder, never the working folder the process happened to start in.
 */
public final class Folders {
    private static final Pattern XDG_DOCUMENTS = Pattern.compile("(?m)^\\s*XDG_DOCUMENTS_DIR=\"([^\"]+)\"");

    private Path current;
    private final Consumer<Path> remember;

    /** @param start where the first dialog opens (see {@link #start}); {@code remember} keeps a newly used folder */
    public Folders(Path start, Consumer<Path> remember) {
        this.current = start;
        this.remember = remember;
    }

    /** A file chooser that opens where the last file was, or in the documents folder. */
    public FileChooser chooser(String title) {
        var chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.setInitialDirectory(current.toFile());
        return chooser;
    }

    public Path current() {
        return current;
    }

    /** The operator picked {@code file}: its folder is where the next dialog opens. */
    public void used(File file) {
        var parent = file.toPath().toAbsolutePath().getParent();
        if (parent != null && !parent.equals(current)) {
            current = parent;
            remember.accept(parent);
        }
    }

    /**
     * Blocking (reads the disk): the remembered folder if it still exists, else the documents folder
     * ({@code XDG_DOCUMENTS_DIR}, from the environment or {@code ~/.config/user-dirs.dirs}; else
     * {@code ~/Documents}), else the home folder.
     */
    public static Path start(String remembered, Map<String, String> env, Path home) {
        if (remembered != null && !remembered.isBlank() && Files.isDirectory(Path.of(remembered))) {
            return Path.of(remembered);
        }
        String xdg = env.get("XDG_DOCUMENTS_DIR");
        if (xdg == null) {
            var dirs = home.resolve(".config").resolve("user-dirs.dirs");
            try {
                var m = Files.isRegularFile(dirs) ? XDG_DOCUMENTS.matcher(Files.readString(dirs)) : null;
                xdg = m != null && m.find() ? m.group(1) : null;
            } catch (IOException e) {
                xdg = null;
            }
        }
        if (xdg != null) {
            var p = Path.of(xdg.replace("$HOME", home.toString()));
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        var documents = home.resolve("Documents");
        return Files.isDirectory(documents) ? documents : home;
    }
}
