package io.cloudvoter.agent.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudvoter.agent.browser.BrowserSettings;
import io.cloudvoter.agent.logging.AgentLogManager;
import io.cloudvoter.agent.systemd.SystemdNotify;
import io.cloudvoter.agent.threads.DaemonThreads;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * {@code ./cloudvoter browser-node}: Playwright's own browser server ({@code launch-server}, from the
 * driver the agent bundles) with Debian's Chromium, for agents on other machines to reach with
 * {@code BrowserType.connect}. This JVM prepares the folder and the launch options, starts the
 * server, prints its ws endpoint as the only line on stdout (and writes it to {@code <dir>/endpoint}),
 * and stays as its parent: a stop here stops the server and Chromium, and a server that stops on its
 * own (Chromium died) ends this process with code 1, so systemd restarts the node.
 *
 * <p>Exit codes: 143 after SIGTERM (a clean stop; the unit lists it as success), 1 failed to start or
 * the server stopped on its own, 2 a wrong argument or setting.
 */
public final class NodeMain {
    static final int EXIT_FAILED = 1;
    static final int EXIT_SETTINGS = 2;
    static final Duration START_WITHIN = Duration.ofSeconds(90);
    static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private NodeMain() {
    }

    /** Not a static field: the logger must not exist before main() has chosen the log manager. */
    private static Logger log() {
        return Logger.getLogger(NodeMain.class.getName());
    }

    public static void main(String[] args) {
        // Named, not referenced: touching the class would initialise LogManager before the property is read.
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "io.cloudvoter.agent.logging.AgentLogManager");
        }
        configureLogging();
        NodeSettings settings;
        try {
            settings = NodeSettings.parse(args, System.getenv());
        } catch (NodeSettings.Invalid e) {
            System.err.println("browser-node: " + e.getMessage().replace("\n", "\nbrowser-node: "));
            System.exit(EXIT_SETTINGS);
            return;
        }
        LaunchServer server;
        try {
            server = start(settings, System.getenv());
        } catch (RuntimeException e) {
            System.err.println("browser-node: the node could not start: " + e.getMessage());
            log().log(Level.FINE, "start failure", e);
            System.exit(EXIT_FAILED);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log().info("Stopping the browser node (Chromium is closed first)");
            try {
                server.stop(STOP_GRACE);
                log().info("Browser node stopped");
            } finally {
                AgentLogManager.agentStopped();
            }
        }, "browser-node-shutdown"));

        System.out.println(server.endpoint());
        System.out.flush();
        log().info(() -> "Browser node ready: " + server.endpoint() + " (Playwright " + DriverCopy.bundledVersion() + ", "
                + settings.chromium() + "; also in " + new NodeFolder(settings.dir()).endpointFile() + "). "
                + (settings.loopback() ? "Loopback only: reach it from the agent's machine over an SSH tunnel."
                : "On " + settings.bind().getHostAddress() + ": keep the firewall open to the agent's address only."));
        var timers = DaemonThreads.timer("browser-node-systemd");
        SystemdNotify.fromEnvironment(System.getenv()).ifPresent(n -> n.ready("serving " + server.endpoint(), timers, server::answers));

        var exited = server.exited().join();
        if (!server.stopping()) {
            log().severe("Playwright's server stopped on its own (exit code " + exited.exitValue()
                    + "; Chromium crashed or was killed?): the node exits so that it is restarted" + server.output());
            server.kill();
            System.exit(EXIT_FAILED);
        }
    }

    /** Prepares the folder and the launch options, and starts the server. */
    static LaunchServer start(NodeSettings settings, Map<String, String> env) {
        var folder = new NodeFolder(settings.dir());
        var path = folder.endpointPath();
        var config = folder.write("launch-server.json", launchOptions(settings, path));
        var watch = folder.write("parent-watch.js", resource("parent-watch.js"));
        var cli = DriverCopy.cliCommand(settings.dir(), env);
        var tmp = folder.runTmp();
        var serverEnv = new LinkedHashMap<>(chromium(settings).driverEnv());
        var server = LaunchServer.start(cli, config, watch, tmp, serverEnv, START_WITHIN);
        folder.writeEndpoint(server.endpoint());
        return server;
    }

    /**
     * Playwright's LaunchServerOptions: Chromium with the same switches as the agent's own workers,
     * one browser for every client, on the given address, port and path. Clients cannot launch
     * anything else here: launch-server refuses {@code launch} and keeps each client's contexts apart.
     */
    static String launchOptions(NodeSettings settings, String path) {
        var options = new LinkedHashMap<String, Object>();
        options.put("executablePath", settings.chromium().toString());
        options.put("headless", true);
        options.put("args", chromium(settings).launchArgs());
        options.put("host", settings.bind().getHostAddress());
        options.put("port", settings.port());
        options.put("wsPath", path);
        options.put("timeout", 60_000);
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(options) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BrowserSettings chromium(NodeSettings settings) {
        return new BrowserSettings(settings.chromium(), List.of(), settings.dir());
    }

    private static String resource(String name) {
        try (InputStream in = NodeMain.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + name, e);
        }
    }

    private static void configureLogging() {
        try (var in = NodeMain.class.getResourceAsStream("/logging.properties")) {
            if (in != null && System.getProperty("java.util.logging.config.file") == null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        } catch (IOException e) {
            System.err.println("browser-node: default logging (cannot read logging.properties: " + e.getMessage() + ")");
        }
    }
}
