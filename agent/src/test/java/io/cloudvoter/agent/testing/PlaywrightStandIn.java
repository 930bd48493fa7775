package io.cloudvoter.agent.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for a browser server on a free loopback port: records each WebSocket upgrade request it
 * gets (request line and headers, as the client sent them) and answers every one with the same raw
 * HTTP response, then closes. {@link #versionMismatch} answers as Playwright's server does when the
 * client's major.minor differs from its own (HTTP 428 and its boxed message, byte for byte).
 */
public final class PlaywrightStandIn implements AutoCloseable {
    private final ServerSocket socket;
    private final byte[] answer;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private PlaywrightStandIn(String answer) {
        this.answer = answer.getBytes(StandardCharsets.UTF_8);
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("playwright-stand-in").start(this::serve);
    }

    /** Answers every upgrade with {@code rawResponse} (status line, headers, blank line, body). */
    public static PlaywrightStandIn answering(String rawResponse) {
        return new PlaywrightStandIn(rawResponse);
    }

    /** A Playwright server of version {@code serverMajorMinor} (e.g. "1.61") refusing a client of {@code clientMajorMinor}. */
    public static PlaywrightStandIn versionMismatch(String serverMajorMinor, String clientMajorMinor) {
        return new PlaywrightStandIn("HTTP/1.1 428 Precondition Required\r\n\r\n" + mismatchMessage(serverMajorMinor, clientMajorMinor));
    }

    /** Playwright 1.62's text (remote/playwrightServer.ts), in its ASCII box with one space of padding. */
    static String mismatchMessage(String server, String client) {
        var lines = List.of(
                "Playwright version mismatch:",
                "  - server version: v" + server,
                "  - client version: v" + client,
                "",
                "If you are using VSCode extension, restart VSCode.",
                "",
                "If you are connecting to a remote service,",
                "keep your local Playwright version in sync",
                "with the remote service version.",
                "",
                "<3 Playwright Team");
        int width = lines.stream().mapToInt(String::length).max().orElse(0);
        var box = new StringBuilder("╔").append("═".repeat(width + 2)).append("╗\n");
        for (var line : lines) {
            box.append("║ ").append(line).append(" ".repeat(width - line.length())).append(" ║\n");
        }
        return box.append("╚").append("═".repeat(width + 2)).append("╝").toString();
    }

    public String wsEndpoint(String pathAndQuery) {
        return "ws://127.0.0.1:" + socket.getLocalPort() + pathAndQuery;
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Each upgrade request received so far: request line and headers, lines joined by "\n". */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                requests.add(readHead(client.getInputStream()));
                client.getOutputStream().write(answer);
                client.getOutputStream().flush();
            } catch (IOException e) {
                // closed, or the client went away: the next accept decides
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            var text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n") || head.size() > 64 * 1024) {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1).strip().replace("\r\n", "\n");
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing
        }
    }
}
