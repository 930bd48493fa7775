package io.cloudvoter.agent.history;

import io.cloudvoter.model.files.PrivateFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Keeps the database and its WAL sidecars readable by the agent's user only ({@link PrivateFiles}):
 * run messages can quote page text, and the plan names every target.
 */
final class DatabaseFiles {
    private DatabaseFiles() {
    }

    /** Creates missing parent directories (0700) and the file itself (0600), or tightens an existing file. */
    static void prepare(Path file) throws IOException {
        var parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            PrivateFiles.folderIfMissing(parent);
        }
        // Created empty with 0600 before SQLite touches it, so there is no moment where it is
        // readable by others; an empty file is a valid new SQLite database. An existing history is
        // tightened, in case it was copied in with a looser mode.
        PrivateFiles.file(file);
    }

    /**
     * SQLite gives {@code -wal} and {@code -shm} the main file's mode when it creates them; this
     * covers sidecars left looser by an older build or an operator's sqlite3 session.
     */
    static void restrictSidecars(Path file) throws IOException {
        for (var suffix : List.of("-wal", "-shm")) {
            PrivateFiles.restrict(Path.of(file + suffix));
        }
    }
}
