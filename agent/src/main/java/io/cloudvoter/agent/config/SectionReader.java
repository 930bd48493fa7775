package io.cloudvoter.agent.config;

import io.helidon.config.Config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one feature's section of the config ({@code cloudvoter.stream}, {@code cloudvoter.tls}...)
 * the way {@link ConfigLoader} reads the core keys: every wrong value is collected with its full key
 * and the reason, and {@link #done()} reports them all at once.
 */
public final class SectionReader {
    private final Config section;
    private final String prefix;
    private final List<String> problems = new ArrayList<>();

    /** @param raw the {@code cloudvoter} node ({@link AgentConfig#raw()}); {@code name} the section under it */
    public SectionReader(Config raw, String name) {
        this.section = raw.get(name);
        this.prefix = "cloudvoter." + name + ".";
    }

    public String key(String name) {
        return prefix + name;
    }

    public Optional<String> text(String name) {
        return section.get(name).asString().asOptional().map(String::strip).filter(s -> !s.isEmpty());
    }

    public Optional<Path> path(String name) {
        return text(name).map(Path::of);
    }

    public int integer(String name, int fallback, int min, int max) {
        var v = text(name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.get().replace("_", ""));
            if (n < min || n > max) {
                problem(name, n + " is out of range " + min + ".." + max);
                return fallback;
            }
            return n;
        } catch (NumberFormatException e) {
            problem(name, "'" + v.get() + "' is not a whole number");
            return fallback;
        }
    }

    public Duration duration(String name, Duration fallback, Duration min, Duration max) {
        var v = text(name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            var d = Durations.parse(v.get());
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                problem(name, v.get() + " is out of range " + Durations.format(min) + ".." + Durations.format(max));
                return fallback;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problem(name, e.getMessage());
            return fallback;
        }
    }

    public boolean bool(String name, boolean fallback) {
        var v = text(name);
        if (v.isEmpty()) {
            return fallback;
        }
        return switch (v.get().toLowerCase()) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> {
                problem(name, "'" + v.get() + "' is not true or false");
                yield fallback;
            }
        };
    }

    public void problem(String name, String reason) {
        problems.add(key(name) + ": " + reason);
    }

    /** Throws a {@link ConfigException} listing every problem found, if there was any. */
    public void done() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
