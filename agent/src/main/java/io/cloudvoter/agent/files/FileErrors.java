package io.cloudvoter.agent.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * What an I/O failure means, in words an operator can act on. The JDK's own message for a file
 * error is often just the path ("data/cloudvoter.db"), which names the input but not the reason.
 */
public final class FileErrors {
    private FileErrors() {
    }

    public static String reason(IOException e) {
        return switch (e) {
            case AccessDeniedException a -> "permission denied (" + a.getFile() + ")";
            case NoSuchFileException n -> "no such file or folder (" + n.getFile() + ")";
            case NotDirectoryException n -> "not a folder (" + n.getFile() + ")";
            case FileAlreadyExistsException f -> "exists and is not a folder (" + f.getFile() + ")";
            case FileSystemException f when f.getReason() != null -> f.getReason() + " (" + f.getFile() + ")";
            case FileSystemException f -> f.getClass().getSimpleName().replace("Exception", "") + " (" + f.getFile() + ")";
            default -> e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        };
    }
}
