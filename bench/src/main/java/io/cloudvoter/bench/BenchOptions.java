package io.cloudvoter.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code ./cloudvoter bench} was asked for.
 *
 * @param quick         shorter windows and fewer repetitions (under 5 minutes on 2 cores)
 * @param out           where results.json goes
 * @param workDir       data dirs of the agents started (deleted at the end unless {@code keep})
 * @param agentJar      the agent as the launcher runs it
 * @param benchJar      this program's jar (the browser probe runs from it in its own JVM)
 * @param agentJavaOpts the launcher's JVM options for the agent ({@code CLOUDVOTER_AGENT_JAVA_OPTS})
 * @param ports         ports the agents may listen on
 * @param only          benchmark groups to run; empty means all
 * @param latency       how long the latency target's poll page and vote take to answer (sub-resources: a quarter)
 */
public record BenchOptions(boolean quick, Path out, Path workDir, Path agentJar, Path benchJar,
                           List<String> agentJavaOpts, Ports ports, Set<String> only, boolean keep, Duration latency) {

    static final List<String> GROUPS = List.of("startup", "idle", "sessions", "restore", "overhead", "remote", "api", "ws", "capacity",
            "latency");
    static final Duration DEFAULT_LATENCY = Duration.ofSeconds(1);
    /** The flow's steps may take 10 s each; the poll page loads in about 1.5 L. */
    static final Duration MAX_LATENCY = Duration.ofSeconds(5);
    static final String DEFAULT_AGENT_OPTS = "-XX:+UseSerialGC -XX:MaxRAMPercentage=25 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss512k -XX:+ExitOnOutOfMemoryError";

    static String usage() {
        return """
                usage: ./cloudvoter bench [--quick] [--out FILE] [--ports FROM-TO] [--only GROUP,...] [--latency L] [--keep]
                  --quick        the short version (under 5 minutes on 2 cores)
                  --out FILE     results file (default target/bench/results.json)
                  --ports A-B    ports the agents under test may use (default: any free port)
                  --only G,...   only these groups: %s
                  --latency L    the latency target's round trip, e.g. 1s, 250ms, 1.5s (default 1s, at most 5s)
                  --keep         keep the agents' data dirs and logs
                """.formatted(String.join(", ", GROUPS));
    }

    public static BenchOptions parse(String[] args, Path root) throws java.io.IOException {
        boolean quick = false;
        boolean keep = false;
        Path out = root.resolve("target/bench/results.json");
        Ports ports = Ports.any();
        Set<String> only = new TreeSet<>();
        Duration latency = DEFAULT_LATENCY;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--keep" -> keep = true;
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--ports" -> ports = Ports.parse(value(args, ++i, "--ports"));
                case "--latency" -> latency = latency(value(args, ++i, "--latency"));
                case "--only" -> {
                    for (var g : value(args, ++i, "--only").split(",")) {
                        if (!GROUPS.contains(g.trim())) {
                            throw new IllegalArgumentException("--only: unknown group '" + g + "' (known: " + String.join(", ", GROUPS) + ")");
                        }
                        only.add(g.trim());
                    }
                }
                case "-h", "--help" -> throw new IllegalArgumentException(usage());
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'\n" + usage());
            }
        }
        var agentJar = root.resolve("agent/target/cloudvoter-agent.jar");
        var benchJar = root.resolve("bench/target/cloudvoter-bench.jar");
        for (var jar : List.of(agentJar, benchJar)) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException(jar + " is missing: build first (./cloudvoter build)");
            }
        }
        var opts = System.getenv().getOrDefault("CLOUDVOTER_AGENT_JAVA_OPTS", DEFAULT_AGENT_OPTS).trim();
        var work = Files.createTempDirectory("cloudvoter-bench-");
        return new BenchOptions(quick, out, work, agentJar, benchJar,
                opts.isEmpty() ? List.of() : Arrays.asList(opts.split("\\s+")), ports, only, keep, latency);
    }

    /** {@code 1s}, {@code 250ms}, {@code 1.5s}: more than 0, at most {@link #MAX_LATENCY}. */
    static Duration latency(String text) {
        var m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s)").matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("--latency: '" + text + "' is not a duration like 1s, 250ms or 1.5s");
        }
        double number = Double.parseDouble(m.group(1));
        var d = Duration.ofNanos(Math.round(number * (m.group(2).equals("s") ? 1e9 : 1e6)));
        if (d.toMillis() < 1 || d.compareTo(MAX_LATENCY) > 0) {
            throw new IllegalArgumentException("--latency: " + text + " is out of range 1ms..5s");
        }
        return d;
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    public boolean runs(String group) {
        return only.isEmpty() || only.contains(group);
    }
}
