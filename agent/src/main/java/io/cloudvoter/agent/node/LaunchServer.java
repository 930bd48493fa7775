package io.cloudvoter.agent.node;

import io.cloudvoter.agent.threads.DaemonThreads;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * Playwright's {@code launch-server} as a child process: one Chromium that every client shares, each
 * client seeing only the contexts it made. Its first line on stdout is its ws endpoint; the rest of
 * what it says goes to our log. Its stdin is a pipe that only this JVM holds (see parent-watch.js).
 */
final class LaunchServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LaunchServer.class.getName());
    private static final int KEPT_LINES = 30;

    private final Process process;
    private final CompletableFuture<String> endpoint = new CompletableFuture<>();
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // an h2c upgrade header would reach the server's WebSocket path check
            .connectTimeout(Duration.ofSeconds(3)).build();
    private volatile boolean stopping;

    private LaunchServer(Process process) {
        this.process = process;
        DaemonThreads.start("browser-node-stdout", () -> read(process.getInputStream(), true));
        DaemonThreads.start("browser-node-stderr", () -> read(process.getErrorStream(), false));
        process.onExit().thenRun(() -> endpoint.completeExceptionally(new IllegalStateException(
                "Playwright's server exited with code " + process.exitValue() + " before it listened" + firstError() + output())));
    }

    /**
     * Starts the server and waits until it listens.
     *
     * @param cli    Playwright's CLI: the driver's node and cli.js
     * @param config the launch-server options file
     * @param watch  parent-watch.js
     * @param tmp    the server's temporary folder
     */
    static LaunchServer start(List<String> cli, Path config, Path watch, Path tmp, Map<String, String> env, Duration within) {
        var command = new ArrayList<String>();
        command.add(cli.getFirst());
        command.addAll(List.of("--require", watch.toString()));
        command.addAll(cli.subList(1, cli.size()));
        command.addAll(List.of("launch-server", "--browser", "chromium", "--config", config.toString()));
        var pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.environment().put("TMPDIR", tmp.toString());
        LaunchServer server;
        try {
            server = new LaunchServer(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Playwright's server (" + command.getFirst() + ")", e);
        }
        try {
            server.endpoint.get(within.toMillis(), TimeUnit.MILLISECONDS);
            return server;
        } catch (TimeoutException e) {
            server.close();
            throw new IllegalStateException("Playwright's server did not listen within " + within.toSeconds() + " s" + server.output(), e);
        } catch (ExecutionException e) {
            server.close();
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            server.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Playwright's server started", e);
        }
    }

    String endpoint() {
        return endpoint.join();
    }

    long pid() {
        return process.pid();
    }

    CompletableFuture<Process> exited() {
        return process.onExit();
    }

    /** The server answers plain HTTP on its port ("Running"): it listens and its event loop turns. */
    boolean answers() {
        var url = endpoint().replaceFirst("^ws://", "http://").replaceFirst("(://[^/]+)/.*$", "$1/");
        try {
            var response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && "Running".equals(response.body());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Closes the server's stdin, which stops it the way SIGTERM does (Chromium closed first), and
     * kills whatever is left after {@code grace}.
     */
    void stop(Duration grace) {
        stopping = true;
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // it is gone already
        }
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warning("Playwright's server did not stop within " + grace.toSeconds() + " s; killing it and its Chromium");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
    }

    boolean stopping() {
        return stopping;
    }

    /** The server and everything under it (Chromium's processes), at once. */
    void kill() {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }

    String output() {
        synchronized (lastLines) {
            return lastLines.isEmpty() ? "" : ":\n  " + String.join("\n  ", lastLines);
        }
    }

    /** Node's own one-line account of a failure ("Error: listen EADDRINUSE: ..."), when it gave one. */
    private String firstError() {
        synchronized (lastLines) {
            return lastLines.stream().map(String::strip).filter(l -> l.matches("^[A-Za-z]*Error\\b.*")).findFirst()
                    .map(l -> " (" + l + ")").orElse("");
        }
    }

    private void read(InputStream in, boolean stdout) {
        try (var lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (stdout && !endpoint.isDone() && line.startsWith("ws://")) {
                    endpoint.complete(line.strip());
                    continue;
                }
                synchronized (lastLines) {
                    if (lastLines.size() == KEPT_LINES) {
                        lastLines.removeFirst();
                    }
                    lastLines.addLast(line);
                }
                var said = line;
                LOG.info(() -> "[playwright] " + said);
            }
        } catch (IOException e) {
            // the process is gone; its exit is handled by whoever waits for it
        }
    }
}
