package io.cloudvoter.agent.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client made of a bare socket: it completes the handshake and then, unless told to,
 * never reads: the worst client an agent can have. Its receive buffer is kept small, so the agent's
 * writes block soon. It can also send a single frame of any size, as a browser would.
 */
public final class StalledSocket implements AutoCloseable {
    private final Socket socket;
    private final String handshake;

    private StalledSocket(Socket socket, String handshake) {
        this.socket = socket;
        this.handshake = handshake;
    }

    public static StalledSocket open(String baseUrl, String token) {
        var uri = URI.create(baseUrl);
        try {
            var socket = new Socket();
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
            socket.setSoTimeout(30_000);
            var key = new byte[16];
            ThreadLocalRandom.current().nextBytes(key);
            socket.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(key) + "\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new StalledSocket(socket, readHead(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            var s = head.toString(StandardCharsets.US_ASCII);
            if (s.endsWith("\r\n\r\n")) {
                return s;
            }
        }
        throw new IOException("connection closed during the handshake: " + head.toString(StandardCharsets.US_ASCII));
    }

    public String handshake() {
        return handshake;
    }

    /**
     * Starts one unfragmented text frame that says it is {@code length} bytes long, and sends none of
     * them: the agent decides on the header (sending the payload would race its close).
     */
    public void announceFrame(long length) {
        try {
            var out = new java.io.DataOutputStream(socket.getOutputStream());
            out.write(0x81);
            out.write(0x80 | 127);
            out.writeLong(length);
            var mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            out.write(mask);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads frames until a close frame; returns its code, or -1 when the connection ends without one. */
    public int closeCode() {
        try {
            var in = new java.io.DataInputStream(socket.getInputStream());
            while (true) {
                var frame = ServerFrame.read(in);
                if (frame.opcode() == ServerFrame.CLOSE) {
                    return frame.closeCode();
                }
            }
        } catch (IOException e) {
            return -1;
        }
    }

    /** Reads (and throws away) everything until the agent closes the connection; false if it stays open 30s. */
    public boolean drainsToEnd() {
        var buffer = new byte[64 * 1024];
        try {
            var in = socket.getInputStream();
            while (in.read(buffer) != -1) {
                // discard
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the agent: closed as well
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
