package io.cloudvoter.desktop.connection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.cloudvoter.model.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Connection profiles in {@code profiles.json} of the config dir, mode 0600. Blocking: call it
 * through the {@code UiExecutor}'s background, never on the FX thread.
 */
public final class ProfileStore {
    static final String FILE = "profiles.json";

    private final ConfigDir dir;

    public ProfileStore(ConfigDir dir) {
        this.dir = dir;
    }

    /** The saved profiles, in the order they were saved; none when the file does not exist yet. */
    public List<Profile> load() throws IOException {
        var file = dir.file(FILE);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<Profile> profiles = Json.mapper().readValue(file.toFile(), new TypeReference<List<Profile>>() { });
            return profiles == null ? List.of() : List.copyOf(profiles);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not a valid profiles file (" + e.getOriginalMessage() + ")", e);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    public void save(List<Profile> profiles) throws IOException {
        dir.writePrivate(FILE, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(new ArrayList<>(profiles)));
    }
}
