package io.cloudvoter.agent.config;

import io.cloudvoter.agent.browser.RunCapacity;
import io.cloudvoter.agent.schedule.InstanceVars;
import io.cloudvoter.agent.web.TokenStore;
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
import java.util.regex.Pattern;

/**
 * Reads {@link AgentConfig} in one pass: the operator's file ({@code --config} /
 * {@code CLOUDVOTER_CONFIG}, optional) and the {@code CLOUDVOTER_*} environment variables, which win
 * over it; what neither sets takes the reader's default. Every problem of every section is reported
 * at once, each with its key, the variable that can set it and why; so is a key no reader knows.
 */
public final class ConfigLoader {
    /** Instance ids become file names, so they are kept to a safe alphabet. */
    public static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private ConfigLoader() {
    }

    /** Loads from the given file (may be null) and environment. */
    public static AgentConfig load(Path file, Map<String, String> env) {
        var pass = pass(file, env);
        pass.root().reportUnknownKeys();
        pass.root().done();
        return pass.config();
    }

    /** What one pass read, and its reader: the problems found so far and every key asked for. */
    record Pass(AgentConfig config, SectionReader root) {
    }

    static Pass pass(Path file, Map<String, String> env) {
        var builder = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(List.of("config file " + file + " does not exist or is not a file"));
            }
            builder.addSource(ConfigSources.file(file.toString()).build());
        }
        Config config;
        try {
            config = builder.build();
            config.traverse().count(); // forces parsing, so a syntax error surfaces here
        } catch (RuntimeException e) {
            throw new ConfigException(List.of("cannot read " + file + ": " + e.getMessage()));
        }
        var root = SectionReader.root(config.get("cloudvoter"), env);
        return new Pass(read(root), root);
    }

    /** Every key of the pass, read through {@code root}; the caller reports its problems. */
    static AgentConfig read(SectionReader root) {
        String name = root.env("CLOUDVOTER_NAME").text("name").orElseGet(ConfigLoader::hostName);
        String bind = root.env("CLOUDVOTER_BIND").text("bind").orElse("127.0.0.1");
        ListenAddress.problem(bind).ifPresent(p -> root.env("CLOUDVOTER_BIND").problem("bind", "'" + bind + "' " + p));
        int port = root.env("CLOUDVOTER_PORT").integer("port", 8077, 0, 65535);
        Path dataDir = root.env("CLOUDVOTER_DATA_DIR").path("data-dir").orElse(Path.of("data")).toAbsolutePath().normalize();
        Path flowsDir = root.env("CLOUDVOTER_FLOWS_DIR").path("flows-dir").map(Path::toAbsolutePath).orElse(dataDir.resolve("flows"));
        folderProblem(dataDir).ifPresent(p -> root.env("CLOUDVOTER_DATA_DIR").problem("data-dir", "'" + dataDir + "' " + p));
        folderProblem(flowsDir).ifPresent(p -> root.env("CLOUDVOTER_FLOWS_DIR").problem("flows-dir", "'" + flowsDir + "' " + p));
        Optional<Path> chromium = root.env("CLOUDVOTER_CHROMIUM").path("chromium");
        chromium.filter(p -> !Files.isExecutable(p))
                .ifPresent(p -> root.env("CLOUDVOTER_CHROMIUM").problem("chromium", "'" + p + "' is not an executable file"));
        var token = token(root);
        // auto (0): what memory and the browser nodes allow, decided by the agent (RunCapacity)
        int maxRuns = root.env("CLOUDVOTER_MAX_CONCURRENT_RUNS").integerOrAuto("max-concurrent-runs", 1, RunCapacity.MAX_CONCURRENT);
        var pause = root.duration("rate-limit-pause", Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofDays(30));
        var backoffMax = root.duration("failure-backoff-max", Duration.ofMinutes(30), Duration.ofSeconds(1), true);
        var tick = root.duration("tick-interval", Duration.ofMillis(500), Duration.ofMillis(10), Duration.ofMinutes(1));
        var r = root.section("retention");
        var retention = new AgentConfig.Retention(r.duration("max-age", Duration.ofDays(30), Duration.ofHours(1), Duration.ofDays(36_500)),
                r.integer("max-runs", 200_000, 100, Integer.MAX_VALUE));
        boolean demo = root.env("CLOUDVOTER_DEMO").bool("demo", false);
        // systemd sets INVOCATION_ID for every service; another supervisor is named by the operator
        boolean supervised = root.env("CLOUDVOTER_SUPERVISED").bool("supervised", false) | root.envValue("INVOCATION_ID") != null;
        // the systemd unit's TimeoutStopSec (45s) leaves room for 15 s of grace and the stop after it
        var stopGrace = root.env("CLOUDVOTER_STOP_GRACE").duration("stop-grace", Duration.ofSeconds(15), Duration.ZERO, Duration.ofMinutes(5));
        var instances = instances(root);
        var sections = Sections.read(root);
        return new AgentConfig(name, bind, port, dataDir, flowsDir, chromium, token, maxRuns, pause, backoffMax, tick,
                retention, instances, demo, supervised, stopGrace, sections);
    }

    private static Optional<String> token(SectionReader root) {
        // Set but blank is a mistake, not "generate one": the operator meant a token and would not get theirs.
        var token = Optional.ofNullable(root.envValue("CLOUDVOTER_TOKEN")).filter(t -> !t.isEmpty()).map(String::strip);
        token.ifPresent(t -> {
            var problem = TokenStore.problem(t);
            if (problem != null) {
                root.report("CLOUDVOTER_TOKEN: " + (t.isEmpty() ? "is set but blank; unset it to use the generated token" : problem));
            }
        });
        return token;
    }

    private static List<InstanceSpec> instances(SectionReader root) {
        var result = new ArrayList<InstanceSpec>();
        var seen = new HashSet<String>();
        for (var entry : root.entries("instances")) {
            String id = entry.text("id").orElse("");
            String flow = entry.text("flow").orElse("");
            Duration cooldown = entry.duration("cooldown", null, Duration.ZERO, false);
            boolean enabled = entry.bool("enabled", true);
            var vars = entry.map("vars");
            if (!INSTANCE_ID.matcher(id).matches()) {
                entry.problem("id", "'" + id + "' is not a valid id (letters, digits, '.', '_', '-'; at most 64)");
                continue;
            }
            if (!seen.add(id)) {
                entry.problem("id", "'" + id + "' is defined twice");
            }
            if (flow.isBlank()) {
                entry.problem("flow", "missing (the name of a flow in the flows folder)");
            }
            var varsProblem = InstanceVars.problem(entry.key("vars"), vars);
            if (varsProblem != null) {
                entry.report(varsProblem);
            }
            result.add(new InstanceSpec(id, flow, cooldown, enabled, vars));
        }
        return result;
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
