package io.cloudvoter.agent.config;

import io.helidon.config.Config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads one feature's section of the config ({@code cloudvoter.guard}, {@code cloudvoter.stream},
 * {@code cloudvoter.tls}...) and collects every wrong value as a problem naming its full key, the
 * value and why, in the same words as {@link ConfigLoader}. All of them are reported at once, in
 * one {@link ConfigException} ({@link #done()}, or by the caller that shares the problem list).
 */
public final class SectionReader {
    private static final Pattern SIZE = Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*(k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?\\s*");
    private static final Pattern PERCENT = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*%\\s*");

    private final Config node;
    private final String path;
    private final List<String> problems;

    public SectionReader(Config node, String path, List<String> problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** @param raw the {@code cloudvoter} node ({@link AgentConfig#raw()}); {@code name} the section under it */
    public SectionReader(Config raw, String name) {
        this(raw.get(name), "cloudvoter." + name, new ArrayList<>());
    }

    /** Throws a {@link ConfigException} listing every problem found, if there was any. */
    public void done() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    public Optional<Path> path(String key) {
        return text(key).map(Path::of);
    }

    public int integer(String key, int fallback, int min, int max) {
        return integer(key, fallback, min, max, false);
    }

    /** A duration within {@code min..max}. */
    public Duration duration(String key, Duration fallback, Duration min, Duration max) {
        return parse(key, s -> {
            var d = Durations.parse(s);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException(s + " is out of range " + Durations.format(min) + ".." + Durations.format(max));
            }
            return d;
        }).orElse(fallback);
    }

    public SectionReader section(String key) {
        return new SectionReader(node.get(key), path + "." + key, problems);
    }

    /** A list of texts ({@code [mon, fri]}); a single value counts as a list of one. */
    public List<String> list(String key) {
        var n = node.get(key);
        if (!n.exists()) {
            return List.of();
        }
        if (n.isLeaf()) {
            return text(key).map(List::of).orElse(List.of());
        }
        return n.asNodeList().orElse(List.of()).stream()
                .map(c -> c.asString().orElse("").trim()).filter(s -> !s.isEmpty()).toList();
    }

    /** The maps of a list ({@code channels: [{...}, {...}]}), each read with its index in the key: {@code channels[0].url}. */
    public List<SectionReader> entries(String key) {
        var n = node.get(key);
        if (!n.exists() || n.isLeaf()) {
            return List.of();
        }
        var nodes = n.asNodeList().orElse(List.of());
        var entries = new ArrayList<SectionReader>();
        for (int i = 0; i < nodes.size(); i++) {
            entries.add(new SectionReader(nodes.get(i), path + "." + key + "[" + i + "]", problems));
        }
        return entries;
    }

    public String key(String key) {
        return path + "." + key;
    }

    public void problem(String key, String reason) {
        problems.add(key(key) + ": " + reason);
    }

    public Optional<String> text(String key) {
        return node.get(key).asString().asOptional().map(String::trim).filter(s -> !s.isEmpty());
    }

    public boolean bool(String key, boolean fallback) {
        return parse(key, s -> switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("'" + s + "' is not true or false");
        }).orElse(fallback);
    }

    /** A duration of at least {@code min}; {@code off} gives {@link Duration#ZERO} when {@code offAllowed}. */
    public Duration duration(String key, Duration fallback, Duration min, boolean offAllowed) {
        return parse(key, s -> {
            if (offAllowed && isOff(s)) {
                return Duration.ZERO;
            }
            var d = Durations.parse(s);
            if (d.compareTo(min) < 0) {
                throw new IllegalArgumentException(s + " is shorter than the minimum of " + Durations.format(min)
                        + (offAllowed ? " (write off to switch it off)" : ""));
            }
            return d;
        }).orElse(fallback);
    }

    /** A whole number in {@code min..max}; {@code off} gives 0 when {@code offAllowed}. */
    public int integer(String key, int fallback, int min, int max, boolean offAllowed) {
        return parse(key, s -> {
            if (offAllowed && isOff(s)) {
                return 0;
            }
            int n;
            try {
                n = Integer.parseInt(s.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' is not a whole number" + (offAllowed ? " (or off)" : ""));
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException(n + " is out of range " + min + ".." + max);
            }
            return n;
        }).orElse(fallback);
    }

    /** A plain number in {@code (0, max]}, e.g. a smoothing factor. */
    public double number(String key, double fallback, double max) {
        return parse(key, s -> {
            double d;
            try {
                d = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' is not a number");
            }
            if (!(d > 0) || d > max) {
                throw new IllegalArgumentException(s + " is out of range: more than 0, at most " + max);
            }
            return d;
        }).orElse(fallback);
    }

    /**
     * A size in bytes: {@code 200MB}, {@code 1.5GB}, {@code 512M}, {@code 64KiB} (all binary: 1 MB =
     * 1024 × 1024 bytes, as systemd counts). A unit is required. Empty means {@code off}.
     */
    public Optional<Double> size(String key, Double fallback) {
        return threshold(key, fallback, SectionReader::parseSize);
    }

    /** A percentage written with its sign, {@code 85%}, in {@code (0, max]}. Empty means {@code off}. */
    public Optional<Double> percent(String key, Double fallback, double max) {
        return threshold(key, fallback, s -> {
            var m = PERCENT.matcher(s);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + s + "' is not a percentage (write e.g. 85%, or off)");
            }
            double p = Double.parseDouble(m.group(1));
            if (!(p > 0) || p > max) {
                throw new IllegalArgumentException(s + " is out of range: more than 0%, at most " + fmt(max) + "%");
            }
            return p;
        });
    }

    private Optional<Double> threshold(String key, Double fallback, Function<String, Double> parse) {
        var raw = text(key);
        if (raw.isEmpty()) {
            return Optional.ofNullable(fallback);
        }
        if (isOff(raw.get())) {
            return Optional.empty();
        }
        return parse(key, parse);
    }

    static double parseSize(String s) {
        var m = SIZE.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a size (write e.g. 200MB, 1.5GB or 512M, or off)");
        }
        if (m.group(2) == null) {
            throw new IllegalArgumentException("'" + s + "' has no unit (write e.g. " + s.trim() + "MB)");
        }
        double n = Double.parseDouble(m.group(1));
        double unit = switch (Character.toLowerCase(m.group(2).charAt(0))) {
            case 'k' -> 1024d;
            case 'm' -> 1024d * 1024;
            case 'g' -> 1024d * 1024 * 1024;
            default -> 1024d * 1024 * 1024 * 1024;
        };
        double bytes = n * unit;
        if (!(bytes >= 1)) {
            throw new IllegalArgumentException("'" + s + "' must be more than 0");
        }
        return bytes;
    }

    private <T> Optional<T> parse(String key, Function<String, T> parse) {
        var raw = text(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse.apply(raw.get()));
        } catch (IllegalArgumentException e) {
            problem(key, e.getMessage());
            return Optional.empty();
        }
    }

    private static boolean isOff(String s) {
        return s.equalsIgnoreCase("off") || s.equalsIgnoreCase("none") || s.equalsIgnoreCase("false");
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
