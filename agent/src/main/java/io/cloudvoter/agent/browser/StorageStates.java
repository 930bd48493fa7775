package io.cloudvoter.agent.browser;

import io.cloudvoter.agent.files.FileErrors;
import io.cloudvoter.model.files.PrivateFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Each instance's persisted login state (Playwright storage state: cookies and local storage),
 * one file per instance, readable by the agent's user only. Writes are atomic, so a crash mid-write
 * leaves the previous state, never half a file.
 */
public final class StorageStates {
    /** The largest storage state accepted by upload: localStorage alone may hold 5 MB for one site. */
    public static final int MAX_BYTES = 5 * 1024 * 1024;
    private final Path dir;
    /** Which instances have a state, as last seen or written: status reads must not stat a file per instance. */
    private final java.util.Map<String, Boolean> known = new java.util.concurrent.ConcurrentHashMap<>();

    public StorageStates(Path dir) {
        this.dir = dir;
    }

    /** Whether the instance has a storage state (from memory after the first look). */
    public boolean has(String instanceId) {
        return known.computeIfAbsent(instanceId, id -> Files.isRegularFile(file(id)));
    }

    public Path file(String instanceId) {
        return dir.resolve(instanceId + ".json");
    }

    public Optional<Path> existing(String instanceId) {
        var f = file(instanceId);
        return Files.isRegularFile(f) ? Optional.of(f) : Optional.empty();
    }

    public Optional<String> read(String instanceId) {
        try {
            var f = file(instanceId);
            return Files.isRegularFile(f) ? Optional.of(Files.readString(f)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the storage state of " + instanceId, e);
        }
    }

    /**
     * Reads, validates and stores a state uploaded by an operator. One upload at a time, from reading its
     * body on: each may hold a few megabytes of text and its parsed tree, and uploads are rare.
     */
    public synchronized void upload(String instanceId, java.util.function.Supplier<byte[]> body) {
        var json = body.get();
        validate(json);
        try {
            PrivateFiles.folder(dir);
            PrivateFiles.write(file(instanceId), json);
            known.put(instanceId, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the storage state of " + instanceId + ": " + FileErrors.reason(e), e);
        }
    }

    public void save(String instanceId, String json) {
        try {
            PrivateFiles.folder(dir);
            PrivateFiles.write(file(instanceId), json.getBytes(StandardCharsets.UTF_8));
            known.put(instanceId, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the storage state of " + instanceId + ": " + FileErrors.reason(e), e);
        }
    }

    public boolean delete(String instanceId) {
        try {
            known.put(instanceId, false);
            return Files.deleteIfExists(file(instanceId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the storage state of " + instanceId, e);
        }
    }

    /**
     * Checks that a text is a Playwright storage state that Playwright will also accept
     * ({@link StorageStateShape}). The message never quotes the content (it holds session secrets).
     */
    public static void validate(String json) {
        validate(json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8));
    }

    public static void validate(byte[] json) {
        if (isBlank(json)) {
            throw new IllegalArgumentException("storage state: the body is empty");
        }
        if (json.length > MAX_BYTES) {
            throw new IllegalArgumentException("storage state: larger than " + MAX_BYTES / 1024 / 1024 + " MB");
        }
        StorageStateShape.check(json);
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
