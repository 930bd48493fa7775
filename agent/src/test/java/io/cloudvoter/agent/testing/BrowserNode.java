package io.cloudvoter.agent.testing;

import io.cloudvoter.agent.node.DriverCopy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real browser node ({@code io.cloudvoter.agent.node.NodeMain}: Playwright's launch-server with
 * Debian's Chromium) in a child JVM on a free loopback port, for tests that connect to it with
 * {@code BrowserType.connect}. It can be killed with -9 (every process at once, as when its machine
 * goes away) and restarted on the same port and folder, which gives the same ws endpoint.
 *
 * <pre>
 * try (var node = BrowserNode.start(dir)) {
 *     var browser = playwright.chromium().connect(node.wsEndpoint());
 *     ...
 *     node.kill();      // connections drop, pending calls fail
 *     node.restart();   // same endpoint again
 * }
 * </pre>
 */
public final class BrowserNode implements AutoCloseable {
    private static final Duration READY_WITHIN = Duration.ofSeconds(90);
    private static final Path SHARED_DRIVER_PARENT = Path.of("target", "browser-node-driver").toAbsolutePath();

    private final Path dir;
    private final int port;
    private final Map<String, String> env;
    private Process process;
    private Path out;
    private Path err;
    private String wsEndpoint;
    private int starts;

    private BrowserNode(Path dir, int port, Map<String, String> env) {
        this.dir = dir;
        this.port = port;
        this.env = Map.copyOf(env);
    }

    /** A node on a free loopback port, its files in {@code dir}. */
    public static BrowserNode start(Path dir) {
        return start(dir, Map.of());
    }

    /**
     * A node with extra environment for its JVM and server, e.g. {@code PW_VERSION_OVERRIDE=1.61.0}
     * (Playwright's own switch) for a server that reports another version and answers 428.
     */
    public static BrowserNode start(Path dir, Map<String, String> env) {
        var node = new BrowserNode(dir, freePort(), env);
        node.launch();
        return node;
    }

    public String wsEndpoint() {
        return wsEndpoint;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    /** The node's JVM, while it runs. */
    public ProcessHandle jvm() {
        return process.toHandle();
    }

    /** The JVM and everything under it: Playwright's server (Node.js) and Chromium's processes. */
    public List<ProcessHandle> tree() {
        var all = new ArrayList<ProcessHandle>();
        all.add(process.toHandle());
        process.toHandle().descendants().forEach(all::add);
        return all;
    }

    /** Chromium's browser process (the parent of its renderers), if it runs. */
    public Optional<ProcessHandle> chromium() {
        return process.toHandle().descendants()
                .filter(p -> commandLine(p).contains("--remote-debugging-pipe") && !commandLine(p).startsWith("/bin/sh"))
                .findFirst();
    }

    /** How many renderer processes Chromium runs now: one per open context with a page. */
    public long renderers() {
        return process.toHandle().descendants().filter(p -> commandLine(p).contains("--type=renderer")).count();
    }

    /** What the node wrote to stdout and stderr, for assertion messages. */
    public String output() {
        return read(out) + read(err);
    }

    /** Every process of the node gets SIGKILL at once; returns once they are all gone. */
    public void kill() {
        var all = tree();
        all.forEach(ProcessHandle::destroyForcibly);
        for (var p : all) {
            p.onExit().orTimeout(20, TimeUnit.SECONDS).join();
        }
    }

    /** SIGTERM to the JVM, which stops the server and Chromium; waits for the exit and returns its code. */
    public int stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the browser node did not stop within 30 s after SIGTERM:\n" + output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.exitValue();
    }

    /** After {@link #kill()} or {@link #stop()}: the node again, on the same port and folder. */
    public void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("the browser node still runs; kill() or stop() it first");
        }
        launch();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (process != null) {
            kill();
        }
    }

    private void launch() {
        try {
            Files.createDirectories(dir);
            var driver = DriverCopy.unpacked(SHARED_DRIVER_PARENT);
            starts++;
            out = dir.resolveSibling(dir.getFileName() + "-node-" + starts + ".out");
            err = dir.resolveSibling(dir.getFileName() + "-node-" + starts + ".err");
            var cmd = ChildJvm.command("io.cloudvoter.agent.node.NodeMain");
            cmd.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString()));
            var pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("PLAYWRIGHT_DRIVER_DIR", driver.toString());
            pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
            pb.environment().remove("NOTIFY_SOCKET");
            pb.environment().putAll(env);
            process = pb.start();
            await().atMost(READY_WITHIN).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("the browser node exited with " + process.exitValue() + ":\n" + output());
                }
                return read(out).startsWith("ws://") && read(out).contains("\n");
            });
            wsEndpoint = read(out).lines().findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String commandLine(ProcessHandle p) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline"))).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private static String read(Path file) {
        try {
            return file == null || !Files.exists(file) ? "" : Files.readString(file);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
