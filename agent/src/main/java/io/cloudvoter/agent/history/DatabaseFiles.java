package io.cloudvoter.agent.history;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Keeps the database and its WAL sidecars readable by the agent's user only: run messages can
 * quote page text, and the plan names every target. Where POSIX permissions do not exist
 * (Windows) the file system's defaults apply.
 */
final class DatabaseFiles {
    private static final String OWNER_ONLY = "rw-------";

    private DatabaseFiles() {
    }

    /** Creates missing parent directories (0700) and the file itself (0600), or tightens an existing file. */
    static void prepare(Path file) throws IOException {
        boolean posix = isPosix(file);
        var parent = file.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            if (posix) {
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(parent);
            }
        }
        if (!posix) {
            return;
        }
        // Created empty with 0600 before SQLite touches it, so there is no moment where it is
        // readable by others; an empty file is a valid new SQLite database.
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(OWNER_ONLY)));
        } catch (FileAlreadyExistsException e) {
            // An existing history: tightened below, in case it was copied in with a looser mode.
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(OWNER_ONLY));
    }

    /**
     * SQLite gives {@code -wal} and {@code -shm} the main file's mode when it creates them; this
     * covers sidecars left looser by an older build or an operator's sqlite3 session.
     */
    static void restrictSidecars(Path file) throws IOException {
        if (!isPosix(file)) {
            return;
        }
        for (var suffix : List.of("-wal", "-shm")) {
            var sidecar = Path.of(file + suffix);
            if (Files.exists(sidecar)) {
                Files.setPosixFilePermissions(sidecar, PosixFilePermissions.fromString(OWNER_ONLY));
            }
        }
    }

    private static boolean isPosix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
