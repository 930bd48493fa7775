package io.cloudvoter.agent.config;

import io.cloudvoter.model.api.InstanceSpec;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads {@link AgentConfig}: built-in defaults (classpath {@code agent.yaml}), then the operator's
 * file ({@code --config} / {@code CLOUDVOTER_CONFIG}), then the {@code CLOUDVOTER_*} environment
 * variables. Every wrong value is reported at once, each with its key, where it came from and why.
 */
public final class ConfigLoader {
    /** Instance ids become file names, so they are kept to a safe alphabet. */
    public static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    private ConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    /** Loads from the given file (may be null) and environment. */
    public static AgentConfig load(Path file, Map<String, String> env) {
        var builder = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(List.of("config file " + file + " does not exist or is not a file"));
            }
            builder.addSource(ConfigSources.file(file.toString()).build());
        }
        builder.addSource(ConfigSources.classpath("agent.yaml").build());
        Config config;
        try {
            config = builder.build();
            config.traverse().count(); // forces parsing, so a syntax error surfaces here
        } catch (RuntimeException e) {
            throw new ConfigException(List.of("cannot read " + (file == null ? "agent.yaml" : file) + ": " + e.getMessage()));
        }
        return new ConfigLoader(env).read(config.get("cloudvoter"));
    }

    private AgentConfig read(Config c) {
        String name = text(c, "name", "CLOUDVOTER_NAME").orElseGet(ConfigLoader::hostName);
        String bind = text(c, "bind", "CLOUDVOTER_BIND").orElse("127.0.0.1");
        ListenAddress.problem(bind).ifPresent(p -> problems.add(key("bind", "CLOUDVOTER_BIND") + ": '" + bind + "' " + p));
        int port = number(c, "port", "CLOUDVOTER_PORT", 8077, 0, 65535);
        Path dataDir = path(c, "data-dir", "CLOUDVOTER_DATA_DIR").orElse(Path.of("data")).toAbsolutePath().normalize();
        Path flowsDir = path(c, "flows-dir", "CLOUDVOTER_FLOWS_DIR").map(Path::toAbsolutePath).orElse(dataDir.resolve("flows"));
        folderProblem(dataDir).ifPresent(p -> problems.add(key("data-dir", "CLOUDVOTER_DATA_DIR") + ": '" + dataDir + "' " + p));
        folderProblem(flowsDir).ifPresent(p -> problems.add(key("flows-dir", "CLOUDVOTER_FLOWS_DIR") + ": '" + flowsDir + "' " + p));
        Optional<Path> chromium = path(c, "chromium", "CLOUDVOTER_CHROMIUM");
        chromium.ifPresent(p -> {
            if (!Files.isExecutable(p)) {
                problems.add(key("chromium", "CLOUDVOTER_CHROMIUM") + ": '" + p + "' is not an executable file");
            }
        });
        // Set but blank is a mistake, not "generate one": the operator meant a token and would not get theirs.
        Optional<String> token = Optional.ofNullable(env.get("CLOUDVOTER_TOKEN")).filter(t -> !t.isEmpty()).map(String::strip);
        token.ifPresent(t -> {
            var problem = io.cloudvoter.agent.web.TokenStore.problem(t);
            if (problem != null) {
                problems.add("CLOUDVOTER_TOKEN: " + (t.isEmpty() ? "is set but blank; unset it to use the generated token" : problem));
            }
        });
        // auto (0): what memory and the browser nodes allow, decided by the agent (RunCapacity)
        int maxRuns = text(c, "max-concurrent-runs", "CLOUDVOTER_MAX_CONCURRENT_RUNS").filter(v -> v.equalsIgnoreCase("auto")).isPresent()
                ? 0 : number(c, "max-concurrent-runs", "CLOUDVOTER_MAX_CONCURRENT_RUNS", 0, 1, io.cloudvoter.agent.browser.RunCapacity.MAX_CONCURRENT);
        Duration pause = duration(c, "rate-limit-pause", null, Duration.ofMinutes(10));
        Duration tick = duration(c, "tick-interval", null, Duration.ofMillis(500));
        var retention = new AgentConfig.Retention(
                duration(c.get("retention"), "max-age", null, Duration.ofDays(30)),
                number(c.get("retention"), "max-runs", null, 200_000, 100, Integer.MAX_VALUE));
        boolean demo = bool(c, "demo", "CLOUDVOTER_DEMO", false);
        var instances = instances(c.get("instances"));
        for (Runnable check : new Runnable[]{
                () -> io.cloudvoter.agent.demo.DemoSettings.from(c), // read by the demo target itself; checked here with the rest
                () -> io.cloudvoter.agent.web.HttpSettings.from(c)}) { // read when the web server is built
            try {
                check.run();
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new AgentConfig(name, bind, port, dataDir, flowsDir, chromium, token, maxRuns, pause, tick,
                retention, instances, demo, c);
    }

    private List<InstanceSpec> instances(Config list) {
        var result = new ArrayList<InstanceSpec>();
        if (!list.exists()) {
            return result;
        }
        var seen = new HashSet<String>();
        var nodes = list.asNodeList().orElse(List.of());
        for (int i = 0; i < nodes.size(); i++) {
            var node = nodes.get(i);
            String where = "cloudvoter.instances[" + i + "]";
            String id = node.get("id").asString().orElse("");
            String flow = node.get("flow").asString().orElse("");
            if (!INSTANCE_ID.matcher(id).matches()) {
                problems.add(where + ".id: '" + id + "' is not a valid id (letters, digits, '.', '_', '-'; at most 64)");
                continue;
            }
            if (!seen.add(id)) {
                problems.add(where + ".id: '" + id + "' is defined twice");
            }
            if (flow.isBlank()) {
                problems.add(where + ".flow: missing (the name of a flow in the flows folder)");
            }
            Duration cooldown = node.get("cooldown").asString().map(s -> parseOr(where + ".cooldown", s, Durations::parse)).orElse(null);
            Boolean enabled = node.get("enabled").asString().map(s -> parseOr(where + ".enabled", s, ConfigLoader::parseBool)).orElse(true);
            var vars = new java.util.LinkedHashMap<String, String>();
            for (var v : node.get("vars").asNodeList().orElse(List.of())) {
                if (!v.isLeaf()) {
                    problems.add(where + ".vars." + v.name() + ": expected a text value");
                } else {
                    vars.put(v.name(), v.asString().orElse(""));
                }
            }
            var varsProblem = io.cloudvoter.agent.schedule.InstanceVars.problem(where + ".vars", vars);
            if (varsProblem != null) {
                problems.add(varsProblem);
            }
            result.add(new InstanceSpec(id, flow, cooldown, enabled, vars));
        }
        return result;
    }

    private Optional<String> text(Config c, String key, String envName) {
        if (envName != null) {
            var v = env.get(envName);
            if (v != null && !v.isBlank()) {
                return Optional.of(v.trim());
            }
        }
        return c == null ? Optional.empty() : c.get(key).asString().asOptional().filter(s -> !s.isBlank());
    }

    private Optional<Path> path(Config c, String key, String envName) {
        return text(c, key, envName).map(Path::of);
    }

    private int number(Config c, String key, String envName, int fallback, int min, int max) {
        return text(c, key, envName).map(s -> parseOr(key(key, envName), s, v -> {
            int n;
            try {
                n = Integer.parseInt(v.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + v + "' is not a whole number");
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException(n + " is out of range " + min + ".." + max);
            }
            return n;
        })).orElse(fallback);
    }

    private Duration duration(Config c, String key, String envName, Duration fallback) {
        return text(c, key, envName).map(s -> parseOr(key(key, envName), s, Durations::parse)).orElse(fallback);
    }

    private boolean bool(Config c, String key, String envName, boolean fallback) {
        return text(c, key, envName).map(s -> parseOr(key(key, envName), s, ConfigLoader::parseBool)).orElse(fallback);
    }

    private <T> T parseOr(String where, String value, Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage());
            return null;
        }
    }

    private static Boolean parseBool(String s) {
        return switch (s.trim().toLowerCase()) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("'" + s + "' is not true or false");
        };
    }

    private static String key(String key, String envName) {
        return "cloudvoter." + key + (envName == null ? "" : " (" + envName + ")");
    }

    /** What is wrong with a folder the agent will create or use, or empty; a missing one is made at start. */
    private static Optional<String> folderProblem(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            return Optional.of("is a file, not a folder");
        }
        if (Files.isDirectory(dir) && (!Files.isReadable(dir) || !Files.isWritable(dir) || !Files.isExecutable(dir))) {
            return Optional.of("is not readable and writable by this user (" + System.getProperty("user.name") + ")");
        }
        return Optional.empty();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "cloudvoter";
        }
    }
}
