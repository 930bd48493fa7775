package io.cloudvoter.agent;

import io.cloudvoter.agent.files.FileErrors;
import io.cloudvoter.model.files.PrivateFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One agent per data dir: two would run every instance twice and fight over the database. The OS
 * releases the lock when the process dies, so a killed agent never blocks the next start.
 */
final class DataDirLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or empty when another process (a running agent) holds it. */
    static java.util.Optional<DataDirLock> tryAcquire(Path dataDir) {
        try {
            return java.util.Optional.of(acquire(dataDir));
        } catch (IllegalStateException e) {
            return java.util.Optional.empty();
        }
    }

    static DataDirLock acquire(Path dataDir) {
        try {
            PrivateFiles.folderIfMissing(dataDir);
            var file = dataDir.resolve("agent.lock");
            var channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another CloudVoter agent is using the data dir " + dataDir
                        + " (stop it, or give this one its own CLOUDVOTER_DATA_DIR)");
            }
            return new DataDirLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the data dir " + dataDir + ": " + FileErrors.reason(e), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the process is stopping; the OS drops the lock anyway
        }
    }
}
