package io.cloudvoter.agent.config;

import io.helidon.config.Config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads one node of the config ({@code cloudvoter}, {@code cloudvoter.guard}, an entry of
 * {@code cloudvoter.alerts.channels}...) and collects every wrong value as a problem naming its full
 * key (and the environment variable, where one can set it), the value and why. Every reader of one
 * pass shares one problem list ({@link ConfigLoader} throws them all at once) and remembers every key
 * it was asked for: what is in the file and was never asked for is a problem too ({@link #reportUnknownKeys()}),
 * and the documentation test holds {@code agent.yaml} against {@link #keysAsked()}.
 */
public final class SectionReader {
    private final Config node;
    private final String path;
    private final ReadPass pass;
    /** The keys of this node that were asked for; shared with its {@link #env} views. */
    private final Set<String> children;
    private final String envName;

    private SectionReader(Config node, String path, ReadPass pass, Set<String> children, String envName) {
        this.node = node;
        this.path = path;
        this.pass = pass;
        this.children = children;
        this.envName = envName;
    }

    private SectionReader(Config node, String path, ReadPass pass) {
        this(node, path, pass, new LinkedHashSet<>(), null);
        pass.sections.add(this);
    }

    /** The reader of a whole pass: {@code cloudvoter} is the root node; {@code env} the environment variables. */
    public static SectionReader root(Config cloudvoter, Map<String, String> env) {
        return new SectionReader(cloudvoter, "cloudvoter", new ReadPass(env));
    }

    public SectionReader section(String key) {
        var child = node.get(key);
        ask(key);
        if (child.type() == Config.Type.VALUE && child.asString().map(s -> !s.isBlank()).orElse(false)) {
            problem(key, "is a single value here; it is a section of keys (see agent.yaml)");
        }
        return new SectionReader(child, path + "." + key, pass);
    }

    /** The maps of a list ({@code channels: [{...}, {...}]}), each read with its index in the key: {@code channels[0].url}. */
    public List<SectionReader> entries(String key) {
        var list = node.get(key);
        ask(key);
        if (!list.exists() || list.type() == Config.Type.VALUE) {
            if (list.exists() && list.asString().map(s -> !s.isBlank()).orElse(false)) {
                problem(key, "is a single value here; it is a list (see agent.yaml)");
            }
            return List.of();
        }
        var nodes = list.asNodeList().orElse(List.of());
        var entries = new ArrayList<SectionReader>();
        for (int i = 0; i < nodes.size(); i++) {
            entries.add(new SectionReader(nodes.get(i), path + "." + key + "[" + i + "]", pass));
        }
        return entries;
    }

    /** The same node, with the next values read from {@code envName} first when it is set (and not blank). */
    public SectionReader env(String envName) {
        return new SectionReader(node, path, pass, children, envName);
    }

    /** An environment variable of this pass, as it is (null when unset). */
    public String envValue(String name) {
        pass.envRead.add(name);
        return pass.env.get(name);
    }

    /** The full key as problems name it: {@code cloudvoter.port (CLOUDVOTER_PORT)}. */
    public String key(String key) {
        return path + "." + key + (envName == null ? "" : " (" + envName + ")");
    }

    public void problem(String key, String reason) {
        pass.problems.add(key(key) + ": " + reason);
    }

    /** A problem about something that is not a key of this node, such as an environment variable: {@code "WHERE: reason"}. */
    public void report(String problem) {
        pass.problems.add(problem);
    }

    public List<String> problems() {
        return List.copyOf(pass.problems);
    }

    /** Every key asked for in this pass, in the order asked, with the environment variable that can set it (or null). */
    public Map<String, String> keysAsked() {
        return Collections.unmodifiableMap(pass.asked);
    }

    /** Leaves this node's other keys unchecked: its kind was not understood, so which keys belong to it is not known. */
    public void skipUnknownKeys() {
        pass.sections.remove(this);
    }

    /** Every environment variable read on its own, such as {@code CLOUDVOTER_TOKEN}. */
    public Set<String> envRead() {
        return Collections.unmodifiableSet(pass.envRead);
    }

    /** The keys in the file that no reader asked for: each one a problem, with the keys its section does know. */
    public void reportUnknownKeys() {
        for (var section : List.copyOf(pass.sections)) {
            section.unknownKeys();
        }
    }

    private void unknownKeys() {
        if (node.type() != Config.Type.OBJECT) {
            return;
        }
        for (var child : node.asNodeList().orElse(List.of())) {
            if (!children.contains(child.name())) {
                pass.problems.add(path + "." + child.name() + ": not a setting"
                        + (children.isEmpty() ? "" : " (known here: " + String.join(", ", children) + ")")
                        + nearest(child.name(), children).map(k -> "; did you mean " + k + "?").orElse(""));
            }
        }
    }

    /** The one known key within two edits of {@code typed} (and closer than half its length), if there is exactly one. */
    static Optional<String> nearest(String typed, Collection<String> known) {
        int best = Integer.MAX_VALUE;
        String found = null;
        boolean tie = false;
        for (var k : known) {
            int d = edits(typed, k);
            if (d < best) {
                best = d;
                found = k;
                tie = false;
            } else if (d == best) {
                tie = true;
            }
        }
        return found != null && !tie && best <= 2 && best * 2 < typed.length() ? Optional.of(found) : Optional.empty();
    }

    /** Levenshtein distance, a swap of two neighbours counting as one edit ("gaurd" → "guard"). */
    private static int edits(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** Throws a {@link ConfigException} listing every problem found, if there was any. */
    public void done() {
        if (!pass.problems.isEmpty()) {
            throw new ConfigException(pass.problems);
        }
    }

    public Optional<String> text(String key) {
        ask(key);
        if (envName != null) {
            var v = pass.env.get(envName);
            if (v != null && !v.isBlank()) {
                return Optional.of(v.trim());
            }
        }
        var value = node.get(key);
        if (value.type() == Config.Type.OBJECT || value.type() == Config.Type.LIST) {
            problem(key, "is a " + (value.type() == Config.Type.LIST ? "list" : "section") + " here; write a single value");
            return Optional.empty();
        }
        return value.asString().asOptional().map(String::trim).filter(s -> !s.isEmpty());
    }

    /** This node's own value, for a list entry that may be written as a bare value ({@code - ws://host/path}). */
    public Optional<String> value() {
        return node.type() == Config.Type.VALUE ? node.asString().asOptional().map(String::trim).filter(s -> !s.isEmpty())
                : Optional.empty();
    }

    public Optional<Path> path(String key) {
        return text(key).map(Path::of);
    }

    /** A list of texts ({@code [mon, fri]}); a single value counts as a list of one. */
    public List<String> list(String key) {
        var n = node.get(key);
        ask(key);
        if (!n.exists()) {
            return List.of();
        }
        if (n.type() == Config.Type.VALUE) {
            return n.asString().asOptional().map(String::trim).filter(s -> !s.isEmpty()).map(List::of).orElse(List.of());
        }
        return n.asNodeList().orElse(List.of()).stream()
                .map(c -> c.asString().orElse("").trim()).filter(s -> !s.isEmpty()).toList();
    }

    /** A map of names to texts ({@code vars: { user: ann }}), its names the operator's own; a non-text value is a problem. */
    public Map<String, String> map(String key) {
        var n = node.get(key);
        ask(key);
        var values = new LinkedHashMap<String, String>();
        for (var entry : n.type() == Config.Type.OBJECT ? n.asNodeList().orElse(List.of()) : List.<Config>of()) {
            if (entry.type() != Config.Type.VALUE) {
                problem(key + "." + entry.name(), "expected a text value");
            } else {
                values.put(entry.name(), entry.asString().orElse(""));
            }
        }
        return values;
    }

    public boolean bool(String key, boolean fallback) {
        return parse(key, Values::bool).orElse(fallback);
    }

    public int integer(String key, int fallback, int min, int max) {
        return integer(key, fallback, min, max, false);
    }

    /** A whole number in {@code min..max}; {@code off} gives 0 when {@code offAllowed}. */
    public int integer(String key, int fallback, int min, int max, boolean offAllowed) {
        return parse(key, s -> {
            if (offAllowed && Values.isOff(s)) {
                return 0;
            }
            return Values.wholeNumber(s, min, max, offAllowed ? " (or off)" : "");
        }).orElse(fallback);
    }

    /** {@code auto} (the default, given as 0) or a whole number in {@code min..max}. */
    public int integerOrAuto(String key, int min, int max) {
        return parse(key, s -> {
            if (s.equalsIgnoreCase("auto")) {
                return 0;
            }
            try {
                return Values.wholeNumber(s, min, max, "");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + s + "' is not auto or a whole number from " + min + " to " + max);
            }
        }).orElse(0);
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

    /** A duration of at least {@code min}; {@code off} gives {@link Duration#ZERO} when {@code offAllowed}. */
    public Duration duration(String key, Duration fallback, Duration min, boolean offAllowed) {
        return parse(key, s -> {
            if (offAllowed && Values.isOff(s)) {
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

    /** A plain number in {@code (0, max]}, e.g. a smoothing factor. */
    public double number(String key, double fallback, double max) {
        return parse(key, s -> Values.number(s, max)).orElse(fallback);
    }

    /** A size in bytes ({@link Values#size}); {@code off} gives empty. */
    public Optional<Double> size(String key, Double fallback) {
        return threshold(key, fallback, Values::size);
    }

    /** A percentage written with its sign, {@code 85%}, in {@code (0, max]}; {@code off} gives empty. */
    public Optional<Double> percent(String key, Double fallback, double max) {
        return threshold(key, fallback, s -> Values.percent(s, max));
    }

    private Optional<Double> threshold(String key, Double fallback, Function<String, Double> parse) {
        var raw = text(key);
        if (raw.isEmpty()) {
            return Optional.ofNullable(fallback);
        }
        if (Values.isOff(raw.get())) {
            return Optional.empty();
        }
        return parse(key, parse);
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

    private void ask(String key) {
        children.add(key);
        var full = path + "." + key;
        if (envName != null || !pass.asked.containsKey(full)) {
            pass.asked.put(full, envName);
        }
    }
}
