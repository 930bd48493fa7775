package io.cloudvoter.model.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The one place that makes files and folders readable by their owner only, for both programs: the
 * agent's token, storage states (session cookies), secrets, database (run messages quote pages),
 * failure screenshots and traces (pages may show personal data); the desktop's agent profiles (they
 * hold tokens) and settings. Folders are 0700, files 0600; a file is never visible with a looser
 * mode, not even for a moment, and a write replaces a file whole ({@link #write}). Where the file
 * system has no POSIX permissions (Windows) its own defaults apply. Here, in the shared model, because
 * the desktop cannot depend on the agent.
 */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** Creates {@code dir} (and missing parents) as 0700, or tightens it to 0700 if it exists; returns it. */
    public static Path folder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            if (posix(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(FOLDER));
            } else {
                Files.createDirectories(dir);
            }
        }
        if (posix(dir) && !Files.getPosixFilePermissions(dir).equals(FOLDER)) {
            Files.setPosixFilePermissions(dir, FOLDER);
        }
        return dir;
    }

    /** Creates {@code dir} as 0700 when it is missing; an existing folder keeps the mode its owner gave it. */
    public static Path folderIfMissing(Path dir) throws IOException {
        return Files.isDirectory(dir) ? dir : folder(dir);
    }

    /** An empty file created 0600, or an existing one tightened to 0600. */
    public static Path file(Path file) throws IOException {
        boolean posix = posix(file.getParent() == null ? file.toAbsolutePath().getParent() : file.getParent());
        try {
            if (posix) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            restrict(file);
        }
        return file;
    }

    /** Tightens an existing regular file to 0600 (a link is left alone: its target is not ours to change). */
    public static void restrict(Path file) throws IOException {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && posix(file)
                && !Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(FILE)) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    /**
     * Replaces {@code file} with {@code bytes} atomically: a temporary file beside it (created 0600, a name
     * of its own) is written and moved over it, so a crash leaves the old content or the new, never half of
     * it, and of two writes at once the last one wins whole.
     */
    public static void write(Path file, byte[] bytes) throws IOException {
        var dir = file.toAbsolutePath().getParent();
        folderIfMissing(dir);
        // A name of its own: two writes of the same file at once (two uploads) must not share one.
        var tmp = posix(dir)
                ? Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp", PosixFilePermissions.asFileAttribute(FILE))
                : Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static boolean posix(Path path) {
        var p = path;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p != null && Files.getFileAttributeView(p, PosixFileAttributeView.class) != null;
    }
}
