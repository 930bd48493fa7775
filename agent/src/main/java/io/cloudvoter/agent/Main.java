package io.cloudvoter.agent;

import io.cloudvoter.agent.config.AgentConfig;
import io.cloudvoter.agent.config.ConfigException;
import io.cloudvoter.agent.config.ConfigLoader;
import io.cloudvoter.agent.guard.ResourceGuard;
import io.cloudvoter.agent.logging.AgentLogManager;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.LogManager;

/**
 * Process entry point: logging, config, the agent, and graceful stops. SIGTERM and SIGINT stop the
 * agent (no new runs, in-flight runs get the config's {@code stop-grace}, 15 s by default, the rest are
 * recorded {@code INTERRUPTED}, Chromium is closed) and exit 0, within the unit's {@code TimeoutStopSec}. Exit codes: 0 clean
 * stop, 1 failed to start, 2 bad config or arguments, 75 ({@link ResourceGuard#EXIT_CRITICAL}) stopped
 * by the resource guard at its critical level, to be restarted.
 */
public final class Main {
    static final int EXIT_CONFIG = 2;

    private Main() {
    }

    public static void main(String[] args) {
        // Named, not referenced: touching the class would initialise LogManager before the property is read.
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "io.cloudvoter.agent.logging.AgentLogManager");
        }
        configureLogging();
        AgentConfig config;
        try {
            config = config(args);
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("cloudvoter: " + e.getMessage());
            System.exit(EXIT_CONFIG);
            return;
        }
        Agent agent;
        try {
            DriverLeftovers.useFolder(config.dataDir().resolve("tmp"));
            agent = Agent.start(config); // every config problem was found by config(args), all at once
        } catch (RuntimeException e) {
            System.err.println("cloudvoter: the agent could not start: " + e.getMessage());
            java.util.logging.Logger.getLogger(Main.class.getName()).log(java.util.logging.Level.FINE, "start failure", e);
            System.exit(1);
            return;
        }
        agent.afterExitStop(System::exit);
        // A signal handler rather than only a shutdown hook: the JVM would otherwise end with 143
        // after SIGTERM, and a clean stop should say 0. The hook still covers any other exit.
        for (var name : new String[]{"TERM", "INT"}) {
            Signals.handle(name, () -> agent.requestExit(0, "SIG" + name, agent.config().stopGrace()));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                agent.stop(agent.config().stopGrace());
            } finally {
                AgentLogManager.agentStopped();
            }
        }, "cloudvoter-shutdown"));
        Banner.print(agent);
    }

    static AgentConfig config(String[] args) {
        Path file = System.getenv("CLOUDVOTER_CONFIG") == null ? null : Path.of(System.getenv("CLOUDVOTER_CONFIG"));
        boolean demo = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--demo" -> demo = true;
                case "--config" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--config needs a file");
                    }
                    file = Path.of(args[++i]);
                }
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "' (known: --demo, --config FILE)");
            }
        }
        var config = ConfigLoader.load(file, System.getenv());
        return demo ? config.withDemo(true) : config;
    }

    private static void configureLogging() {
        try (var in = Main.class.getResourceAsStream("/logging.properties")) {
            if (in != null && System.getProperty("java.util.logging.config.file") == null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        } catch (IOException e) {
            System.err.println("cloudvoter: default logging (cannot read logging.properties: " + e.getMessage() + ")");
        }
    }
}
