package io.cloudvoter.bench.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The browser node as {@code ./cloudvoter browser-node} runs it, in a JVM of its own, on a free loopback port. */
public final class NodeUnderTest implements AutoCloseable {
    /** The launcher's JVM options for a node ({@code jvm_opts_node} in {@code ./cloudvoter}). */
    public static final List<String> LAUNCHER_JVM = List.of("-XX:+UseSerialGC", "-Xmx48m", "-Xms8m", "-Xss512k",
            "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");

    private final Path dir;
    private final List<String> jvm;
    private final int port;
    private Process process;
    private String endpoint;
    private long readyMs;

    private NodeUnderTest(Path dir, List<String> jvm, int port) {
        this.dir = dir;
        this.jvm = jvm;
        this.port = port;
    }

    public static NodeUnderTest start(Path dir, List<String> jvm) throws IOException {
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var node = new NodeUnderTest(dir, jvm, port);
        node.launch();
        return node;
    }

    public String endpoint() {
        return endpoint;
    }

    public long pid() {
        return process.pid();
    }

    /** Playwright's server, the node JVM's one child. */
    ProcessHandle server() {
        return process.toHandle().children().findFirst().orElseThrow();
    }

    long readyMs() {
        return readyMs;
    }

    /** SIGKILL to all of the node's processes at once, as when its machine goes away. */
    void kill() {
        var all = new ArrayList<ProcessHandle>();
        all.add(process.toHandle());
        process.toHandle().descendants().forEach(all::add);
        all.forEach(ProcessHandle::destroyForcibly);
        all.forEach(p -> p.onExit().orTimeout(20, TimeUnit.SECONDS).join());
    }

    void restart() throws IOException {
        if (process.isAlive()) {
            process.destroy();
            process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        }
        launch();
    }

    private void launch() throws IOException {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.cloudvoter.agent.node.NodeMain",
                "--port", Integer.toString(port), "--dir", dir.toString()));
        var pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        long t0 = System.nanoTime();
        process = pb.start();
        var stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        endpoint = stdout.readLine(); // the node's only line on stdout; null if it died first
        readyMs = (System.nanoTime() - t0) / 1_000_000;
        if (endpoint == null || !endpoint.startsWith("ws://")) {
            process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
            throw new IllegalStateException("the browser node did not start (exit " + process.exitValue() + ")");
        }
    }

    @Override
    public void close() {
        process.destroy();
        process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        kill();
    }
}
