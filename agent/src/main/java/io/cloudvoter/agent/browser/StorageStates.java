package io.cloudvoter.agent.browser;

import io.cloudvoter.agent.files.FileErrors;
import io.cloudvoter.agent.files.PrivateFiles;

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

    public StorageStates(Path dir) {
        this.dir = dir;
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

    /** Validates then stores a state uploaded by an operator. */
    public void upload(String instanceId, String json) {
        validate(json);
        save(instanceId, json);
    }

    public void save(String instanceId, String json) {
        try {
            PrivateFiles.folder(dir);
            PrivateFiles.write(file(instanceId), json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the storage state of " + instanceId + ": " + FileErrors.reason(e), e);
        }
    }

    public boolean delete(String instanceId) {
        try {
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
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("storage state: the body is empty");
        }
        if (json.length() > MAX_BYTES) {
            throw new IllegalArgumentException("storage state: larger than " + MAX_BYTES / 1024 / 1024 + " MB");
        }
        StorageStateShape.check(json);
    }
}
