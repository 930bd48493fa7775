package io.cloudvoter.agent.alerts;

import io.cloudvoter.agent.alerts.rules.StorageCheck;
import io.cloudvoter.model.api.AlertSeverity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Whether the agent can still write what it must: a commit to the database, a small file written,
 * synced and removed in the data dir, and enough free space left on its file system.
 */
final class StorageProbe implements Supplier<Optional<StorageCheck.Problem>> {
    private static final String FILE = ".alerts-probe";

    private final Path dataDir;
    private final Runnable databaseWrite;
    private final Double minFreeBytes;

    /** @param databaseWrite commits one row, throwing when it cannot ({@code RunStore::probeWrite}) */
    StorageProbe(Path dataDir, Runnable databaseWrite, Double minFreeBytes) {
        this.dataDir = dataDir;
        this.databaseWrite = databaseWrite;
        this.minFreeBytes = minFreeBytes;
    }

    @Override
    public Optional<StorageCheck.Problem> get() {
        try {
            databaseWrite.run();
        } catch (RuntimeException e) {
            return problem(AlertSeverity.CRITICAL, "the database does not take writes: " + e.getMessage());
        }
        var file = dataDir.resolve(FILE);
        try {
            Files.write(file, new byte[]{'o', 'k'}, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.delete(file);
        } catch (IOException | SecurityException e) {
            return problem(AlertSeverity.CRITICAL, "the data dir " + dataDir + " is not writable: " + e);
        }
        if (minFreeBytes != null) {
            try {
                long free = Files.getFileStore(dataDir).getUsableSpace();
                if (free < minFreeBytes) {
                    return problem(AlertSeverity.WARNING, "only " + mb(free) + " free for the data dir " + dataDir
                            + " (alerting below " + mb(minFreeBytes) + ")");
                }
            } catch (IOException e) {
                return problem(AlertSeverity.WARNING, "cannot read the free space of " + dataDir + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    private static Optional<StorageCheck.Problem> problem(AlertSeverity severity, String message) {
        return Optional.of(new StorageCheck.Problem(severity, message));
    }

    private static String mb(double bytes) {
        return Math.round(bytes / (1024 * 1024)) + " MB";
    }
}
