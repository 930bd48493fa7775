package io.cloudvoter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./cloudvoter bench [--quick]}: measures a real agent process (started as the launcher
 * starts it) and the browser it drives, prints a table and writes results.json. See
 * docs/BENCHMARKS.md for the method behind each figure.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        var started = Instant.now();
        var chromium = io.cloudvoter.agent.browser.BrowserSettings.locate(Optional.ofNullable(System.getenv("CLOUDVOTER_CHROMIUM")).map(Path::of));
        var machine = MachineInfo.describe(chromium.orElse(null));
        System.out.println("cloudvoter bench" + (options.quick() ? " --quick" : "") + " on " + machine.get("summary"));
        System.out.println("agent JVM options: " + String.join(" ", options.agentJavaOpts()));
        var results = new Results();
        try {
            new Plan(options, results).run();
        } finally {
            machine.put("loadAverageAtEnd", MachineInfo.loadAverage());
            var run = new LinkedHashMap<String, Object>();
            run.put("quick", options.quick());
            run.put("startedAt", started.toString());
            run.put("seconds", Duration.between(started, Instant.now()).toSeconds());
            run.put("agentJavaOpts", String.join(" ", options.agentJavaOpts()));
            run.put("groups", options.only().isEmpty() ? BenchOptions.GROUPS : List.copyOf(options.only()));
            results.fillMissing("not measured: " + (options.only().isEmpty() ? "its benchmark failed (see problems)" : "not in --only"));
            results.print(System.out, machine);
            results.write(options.out(), machine, run);
            System.out.println("wrote " + options.out() + " in " + run.get("seconds") + " s");
            if (!options.keep()) {
                deleteTree(options.workDir());
            } else {
                System.out.println("agent data dirs and logs kept in " + options.workDir());
            }
        }
    }

    /** The order of the benchmarks: each agent is reused for what it can measure without disturbing the rest. */
    private record Plan(BenchOptions o, Results results) {

        void run() throws InterruptedException {
            var probe = new ProbeRunner(o);
            boolean quick = o.quick();
            if (o.runs("startup") || o.runs("idle") || o.runs("sessions") || o.runs("restore") || o.runs("overhead")
                || o.runs("remote")) {
                step("startup and first run");
                try (var quiet = StartupBench.run(o, quick ? 3 : 5, results)) {
                    if (o.runs("idle")) {
                        step("idle");
                        IdleBench.run(quiet, Duration.ofSeconds(quick ? 45 : 90), results);
                    }
                    String target = quiet.api().base() + "/demo/";
                    if (o.runs("sessions")) {
                        step("memory per session (contexts vs browsers)");
                        guarded("sessions", () -> SessionsBench.run(probe, target, results));
                    }
                    if (o.runs("restore")) {
                        step("context restore");
                        guarded("restore", () -> RestoreBench.run(probe, target, quick ? 30 : 100, results));
                    }
                    if (o.runs("overhead")) {
                        step("run overhead (agent vs bare Playwright loop)");
                        try {
                            OverheadBench.run(quiet, probe, 15, quick ? 4 : 10, results);
                        } catch (RuntimeException e) {
                            results.problem("overhead: " + e.getMessage());
                        }
                    }
                    if (o.runs("remote")) {
                        step("a run on a loopback browser node vs a local worker");
                        guarded("remote", () -> RemoteOverheadBench.run(o, quiet, quick ? 8 : 15, quick ? 3 : 6, results));
                    }
                }
            }
            if (o.runs("ws")) {
                step("WebSocket event latency (agent/bench-ws-latency)");
                guarded("ws", () -> {
                    try {
                        WsBench.run(o, quick ? 5 : 20, results);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                });
            }
            if (o.runs("api") || o.runs("capacity")) {
                step("API latency and capacity");
                try (var busy = AgentProcess.start(o, o.ports().next(), CapacityBench.config(1000), Map.of())) {
                    busy.awaitReady(Duration.ofSeconds(60));
                    StartupBench.awaitRuns(busy, 3, Duration.ofSeconds(90));
                    if (o.runs("api")) {
                        ApiBench.run(busy, quick ? 10 : 30, results);
                    }
                    if (o.runs("capacity")) {
                        guarded("capacity", () -> CapacityBench.run(busy, quick, results));
                    }
                }
            }
            if (o.runs("latency")) {
                step("capacity against a target with " + o.latency().toMillis() + " ms latency, one browser worker");
                guarded("latency", () -> LatencyBench.run(o, results));
            }
        }

        private static final long T0 = System.nanoTime();

        private void step(String what) {
            System.out.printf("== %s (at %d s, load average %s)%n", what, (System.nanoTime() - T0) / 1_000_000_000L, MachineInfo.loadAverage());
        }

        /** One group failing leaves its figures null with the reason, and the others still run. */
        private void guarded(String group, Runnable body) {
            try {
                body.run();
            } catch (RuntimeException e) {
                results.problem(group + ": " + e.getMessage());
                System.out.println("  " + group + " failed: " + e.getMessage());
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
