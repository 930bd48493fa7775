package io.cloudvoter.agent.testing;

import io.cloudvoter.agent.config.AgentConfig;
import io.cloudvoter.agent.config.ConfigException;
import io.cloudvoter.agent.config.ConfigLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A config file written for a test and read the way the agent reads it: every section in one pass. */
public final class ConfigFiles {
    private ConfigFiles() {
    }

    /** What one pass gave: the config, or (then null) every problem it found. */
    public record Read(AgentConfig config, List<String> problems) {
    }

    /** Reads {@code yaml} (written into {@code dir}) with {@code env}; the data dir is a fresh folder in {@code dir}. */
    public static Read read(Path dir, String yaml, Map<String, String> env) {
        var all = new HashMap<String, String>();
        all.put("CLOUDVOTER_DATA_DIR", dir.resolve("data").toString());
        all.putAll(env);
        try {
            var file = Files.writeString(Files.createTempFile(dir, "agent", ".yaml"), yaml);
            return new Read(ConfigLoader.load(file, all), List.of());
        } catch (ConfigException e) {
            return new Read(null, e.problems());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The config of {@code yaml}; a problem fails the test with every problem in its message. */
    public static AgentConfig load(Path dir, String yaml, Map<String, String> env) {
        var read = read(dir, yaml, env);
        if (read.config() == null) {
            throw new AssertionError("the config has problems: " + read.problems());
        }
        return read.config();
    }
}
