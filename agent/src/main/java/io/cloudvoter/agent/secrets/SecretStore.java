package io.cloudvoter.agent.secrets;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cloudvoter.model.files.PrivateFiles;
import io.cloudvoter.model.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each instance's secrets ({@code ${secrets.NAME}} in its flow): written through the API, never
 * read back by it, kept in {@code <data-dir>/secrets/<instance>.json} (folder 0700, file 0600),
 * held in memory for the runs, masked in everything a run reports and in every log line.
 */
public final class SecretStore {
    /** Shorter values could not be told apart from ordinary words in a message or a log line. */
    public static final int MIN_LENGTH = 4;
    private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() {
    };

    private final Path dir;
    private final Map<String, Map<String, String>> cache = new ConcurrentHashMap<>();

    public SecretStore(Path dir) {
        this.dir = dir;
        load();
    }

    private void load() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (var file : files.filter(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f)).toList()) {
                var id = file.getFileName().toString().replaceFirst("\\.json$", "");
                cache.put(id, Map.copyOf(Json.mapper().readValue(Files.readString(file), MAP)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the instances' secrets in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The secrets of {@code instanceId}, for its run only. */
    public Map<String, String> of(String instanceId) {
        return cache.getOrDefault(instanceId, Map.of());
    }

    public Set<String> names(String instanceId) {
        return new TreeSet<>(of(instanceId).keySet());
    }

    /** Replaces the instance's secrets with {@code secrets} (an empty map removes them all). */
    public void put(String instanceId, Map<String, String> secrets) {
        var file = dir.resolve(instanceId + ".json");
        try {
            if (secrets.isEmpty()) {
                Files.deleteIfExists(file);
                cache.remove(instanceId);
                return;
            }
            PrivateFiles.folder(dir);
            PrivateFiles.write(file, Json.mapper().writeValueAsBytes(new TreeMap<>(secrets)));
            cache.put(instanceId, Map.copyOf(secrets));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the secrets of instance " + instanceId + ": " + e.getMessage(), e);
        }
    }

    public void delete(String instanceId) {
        put(instanceId, Map.of());
    }

    /** Every secret value the agent holds: for the log redactor. */
    public Collection<String> allValues() {
        return cache.values().stream().flatMap(m -> m.values().stream()).toList();
    }

    /** Replaces every one of {@code secrets}' values in {@code text} by {@code ${secrets.NAME}}. */
    public static String mask(String text, Map<String, String> secrets) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        var out = text;
        // Longest first: a secret that contains another is masked whole.
        for (var e : secrets.entrySet().stream()
                .sorted((a, b) -> Integer.compare(b.getValue().length(), a.getValue().length())).toList()) {
            if (!e.getValue().isEmpty()) {
                out = out.replace(e.getValue(), "${secrets." + e.getKey() + "}");
            }
        }
        return out;
    }

    public static List<String> mask(List<String> texts, Map<String, String> secrets) {
        return texts.stream().map(t -> mask(t, secrets)).toList();
    }
}
