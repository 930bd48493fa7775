package io.cloudvoter.agent;

import io.cloudvoter.agent.config.AgentConfig;
import io.cloudvoter.agent.config.ConfigException;
import io.cloudvoter.agent.config.ConfigLoader;
import io.cloudvoter.agent.logging.AgentLogManager;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.LogManager;

/**
 * Process entry point: logging, config, the agent, and a shutdown hook that stops it gracefully on
 * SIGTERM. Exit codes: 0 clean stop, 2 bad config or arguments, 1 failed to start.
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
            agent = Agent.start(config);
        } catch (RuntimeException e) {
            System.err.println("cloudvoter: the agent could not start: " + e.getMessage());
            java.util.logging.Logger.getLogger(Main.class.getName()).log(java.util.logging.Level.FINE, "start failure", e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                agent.stop(Duration.ofSeconds(15));
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
