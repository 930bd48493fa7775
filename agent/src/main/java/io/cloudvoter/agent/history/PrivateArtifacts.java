package io.cloudvoter.agent.history;

import io.cloudvoter.agent.events.EventBus;
import io.cloudvoter.agent.files.FileErrors;
import io.cloudvoter.model.files.PrivateFiles;
import io.cloudvoter.model.events.AgentEvent;
import io.cloudvoter.model.events.RunFinished;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps failure screenshots and traces private ({@link PrivateFiles}): pages can show personal data.
 * The artifacts folder is 0700 from the start (so nothing in it is reachable by others even for the
 * moment a file exists with Playwright's default mode), and each run's files are made 0600 as soon as
 * the run is recorded. The launcher and the systemd unit also run the agent with {@code umask 077},
 * which makes them 0600 from birth; this holds where nobody set the umask.
 */
public final class PrivateArtifacts implements EventBus.Subscriber {
    private static final Logger LOG = Logger.getLogger(PrivateArtifacts.class.getName());

    private final Path folder;
    private final Executor io;

    /** Tightens the folder and what is already in it; {@code io} does the per-run work off the bus's lock. */
    public PrivateArtifacts(Path folder, Executor io) {
        this.folder = folder;
        this.io = io;
        try {
            PrivateFiles.folder(folder);
            try (var files = Files.newDirectoryStream(folder)) {
                for (var f : files) {
                    PrivateFiles.restrict(f);
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            LOG.warning("cannot make " + folder + " private: " + (e instanceof IOException io1 ? FileErrors.reason(io1) : e));
        }
    }

    @Override
    public boolean offer(AgentEvent event) {
        if (event instanceof RunFinished finished) {
            long id = finished.run().id();
            try {
                io.execute(() -> restrictRun(id));
            } catch (RejectedExecutionException e) {
                // stopping; the next start tightens the folder's files
            }
        }
        return true;
    }

    /** {@code run-<id>.png}, {@code run-<id>-<step>.png}, {@code run-<id>-trace.zip}. */
    void restrictRun(long id) {
        try (var files = Files.newDirectoryStream(folder, "run-" + id + "{.,-}*")) {
            for (var f : files) {
                PrivateFiles.restrict(f);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // no artifacts folder yet: nothing was written
        } catch (IOException | DirectoryIteratorException e) {
            LOG.log(Level.WARNING, "cannot make the artifacts of run " + id + " private", e);
        }
    }
}
