package io.cloudvoter.agent.node;

import io.cloudvoter.model.files.PrivateFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.logging.Logger;

/**
 * The browser node's own folder:
 * <pre>
 * endpoint             the ws:// URL the agent connects to (one line), written once the node listens
 * endpoint-path        the URL's path, 32 hex characters, made once so the URL survives restarts
 * launch-server.json   the options Playwright's launch-server starts Chromium with (rewritten at each start)
 * parent-watch.js      stops the server when this JVM dies, even by kill -9 (rewritten at each start)
 * driver-VERSION/      Playwright's driver (Node.js and its package), unpacked once per version
 * tmp/run-PID/         the server's temporary folder (Chromium profile, artifacts) for the node with that PID
 * </pre>
 */
final class NodeFolder {
    private static final Logger LOG = Logger.getLogger(NodeFolder.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;

    NodeFolder(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the browser node's folder " + dir, e);
        }
    }

    Path dir() {
        return dir;
    }

    Path endpointFile() {
        return dir.resolve("endpoint");
    }

    /**
     * The path part of the endpoint, the same at every start. Not a credential: Playwright's server
     * tells it to anyone who asks {@code GET /json}. It keeps a client that guesses {@code /} out,
     * and the endpoint stable, so the agent's configuration stays right across restarts.
     */
    String endpointPath() {
        var file = dir.resolve("endpoint-path");
        try {
            if (Files.exists(file)) {
                var path = Files.readString(file).strip();
                if (!path.matches("[0-9a-f]{32}")) {
                    throw new IllegalStateException(file + " does not hold 32 hex characters; delete it and a new path is made");
                }
                return "/" + path;
            }
            var bytes = new byte[16];
            RANDOM.nextBytes(bytes);
            var path = HexFormat.of().formatHex(bytes);
            writeAtomically(file, path + "\n");
            LOG.info(() -> "New endpoint path made (" + file + ")");
            return "/" + path;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    void writeEndpoint(String endpoint) {
        writeAtomically(endpointFile(), endpoint + "\n");
    }

    Path write(String name, String content) {
        var file = dir.resolve(name);
        writeAtomically(file, content);
        return file;
    }

    /**
     * A temporary folder for this start; those of nodes that no longer run (killed, so they could not
     * clean up) are removed first. Per PID, so two nodes sharing a folder never empty each other's.
     */
    Path runTmp() {
        var tmp = dir.resolve("tmp");
        try {
            Files.createDirectories(tmp);
            try (var runs = Files.list(tmp)) {
                for (var run : runs.toList()) {
                    var name = run.getFileName().toString();
                    if (name.matches("run-\\d+") && ProcessHandle.of(Long.parseLong(name.substring(4))).isEmpty()) {
                        deleteTree(run);
                        LOG.info(() -> "Removed the temporary files of a browser node that is gone: " + run);
                    }
                }
            }
            var mine = tmp.resolve("run-" + ProcessHandle.current().pid());
            deleteTree(mine);
            return Files.createDirectories(mine);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + tmp, e);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var tree = Files.walk(root)) {
            for (var p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Owner-only, and never half-written: a reader sees the old content or the new one. */
    private static void writeAtomically(Path file, String content) {
        try {
            PrivateFiles.write(file, content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
