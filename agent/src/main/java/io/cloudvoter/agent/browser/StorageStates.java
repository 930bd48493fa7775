package io.cloudvoter.agent.browser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.cloudvoter.model.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Each instance's persisted login state (Playwright storage state: cookies and local storage),
 * one file per instance, readable by the agent's user only. Writes are atomic, so a crash mid-write
 * leaves the previous state, never half a file.
 */
public final class StorageStates {
    private static final int MAX_BYTES = 5 * 1024 * 1024;
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
            Files.createDirectories(dir);
            var tmp = dir.resolve("." + instanceId + ".json.tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
                Files.writeString(tmp, "");
            }
            Files.writeString(tmp, json);
            try {
                Files.move(tmp, file(instanceId), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file(instanceId), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the storage state of " + instanceId, e);
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
     * Checks that a text is a Playwright storage state: a JSON object with {@code cookies} and
     * {@code origins} arrays. The message never quotes the content (it holds session secrets).
     */
    public static void validate(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("storage state: the body is empty");
        }
        if (json.length() > MAX_BYTES) {
            throw new IllegalArgumentException("storage state: larger than " + MAX_BYTES / 1024 / 1024 + " MB");
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("storage state: not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("storage state: expected a JSON object with 'cookies' and 'origins'");
        }
        for (var field : new String[]{"cookies", "origins"}) {
            if (node.has(field) && !node.get(field).isArray()) {
                throw new IllegalArgumentException("storage state: '" + field + "' must be an array");
            }
        }
        if (!node.has("cookies") && !node.has("origins")) {
            throw new IllegalArgumentException("storage state: expected 'cookies' and/or 'origins' arrays (Playwright's format)");
        }
        for (var cookie : node.path("cookies")) {
            if (!cookie.path("name").isTextual() || !cookie.path("domain").isTextual()) {
                throw new IllegalArgumentException("storage state: every cookie needs a 'name' and a 'domain'");
            }
        }
    }
}
