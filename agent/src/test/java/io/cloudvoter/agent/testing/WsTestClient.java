package io.cloudvoter.agent.testing;

import io.cloudvoter.model.Json;
import io.cloudvoter.model.events.AgentEvent;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * A WebSocket client for tests, written to RFC 6455 over a plain (or TLS) socket: it reads the
 * agent's {@code /ws} stream, checks every frame (UTF-8, opcodes, fragments), parses each message
 * with the shared mapper, answers pings, and can {@link #stall()} (stop reading the socket) and
 * {@link #resume()}. The JDK's own WebSocket client is not used here: on Temurin 25 it now and then
 * loses or garbles a first message that arrives right behind the 101 answer (seen against a bare
 * test server too), which would make these tests flaky for reasons that are not the agent's.
 */
public final class WsTestClient implements AutoCloseable {
    private static final int FRAGMENT = 16 * 1024;

    /** How the connection ended: the close code and reason, or -1 and the error when it broke. */
    public record Ended(int code, String reason) {
    }

    /** The upgrade was answered with something other than 101. */
    public static final class Refused extends RuntimeException {
        private final int status;

        Refused(int status, String head) {
            super("upgrade refused with " + status + ": " + head.lines().findFirst().orElse(""));
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final String subprotocol;
    private final LinkedBlockingQueue<AgentEvent> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<Ended> ended = new CompletableFuture<>();
    private final Object gate = new Object();
    private boolean stalled;

    private WsTestClient(Socket socket, DataInputStream in, String subprotocol) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = in;
        this.subprotocol = subprotocol;
        Thread.ofPlatform().daemon().name("ws-test-client").start(this::readLoop);
    }

    /** Builds a connection to {@code baseUrl} ({@code http://} or {@code https://}); call {@link Connect#open()}. */
    public static Connect to(String baseUrl) {
        return new Connect(URI.create(baseUrl));
    }

    public static final class Connect {
        private final URI base;
        private String query = "";
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final List<String> protocols = new ArrayList<>();
        private InetAddress localAddress;
        private SSLContext tls;

        private Connect(URI base) {
            this.base = base;
        }

        public Connect token(String token) {
            return header("Authorization", "Bearer " + token);
        }

        public Connect header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Connect since(long seq) {
            return query("since=" + seq);
        }

        public Connect query(String rawQuery) {
            query = "?" + rawQuery;
            return this;
        }

        public Connect protocols(String... offered) {
            protocols.addAll(List.of(offered));
            return this;
        }

        /** Connects from this local address (e.g. 127.0.0.7, to be another client address on loopback). */
        public Connect from(InetAddress local) {
            this.localAddress = local;
            return this;
        }

        /** For {@code https://} agents: the context that trusts their certificate. */
        public Connect tls(SSLContext context) {
            this.tls = context;
            return this;
        }

        /** Opens the connection; a refused upgrade throws {@link Refused} with the HTTP status. */
        public WsTestClient open() {
            boolean secure = base.getScheme().equals("https");
            try {
                Socket socket = secure ? (tls == null ? SSLContext.getDefault() : tls).getSocketFactory().createSocket() : new Socket();
                if (localAddress != null) {
                    socket.bind(new InetSocketAddress(localAddress, 0));
                }
                socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(0);
                var key = new byte[16];
                ThreadLocalRandom.current().nextBytes(key);
                String key64 = Base64.getEncoder().encodeToString(key);
                var request = new StringBuilder("GET /ws" + query + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + key64 + "\r\n");
                headers.forEach((n, v) -> request.append(n).append(": ").append(v).append("\r\n"));
                if (!protocols.isEmpty()) {
                    request.append("Sec-WebSocket-Protocol: ").append(String.join(", ", protocols)).append("\r\n");
                }
                socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                var in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
                String head = head(in);
                int status = Integer.parseInt(head.substring(9, 12));
                if (status != 101) {
                    socket.close();
                    throw new Refused(status, head);
                }
                if (!head.contains(accept(key64))) {
                    socket.close();
                    throw new IllegalStateException("wrong Sec-WebSocket-Accept in " + head);
                }
                String chosen = head.lines().filter(l -> l.regionMatches(true, 0, "Sec-WebSocket-Protocol:", 0, 23))
                        .map(l -> l.substring(23).strip()).findFirst().orElse(null);
                return new WsTestClient(socket, in, chosen);
            } catch (IOException | NoSuchAlgorithmException e) {
                throw new IllegalStateException("cannot connect to " + base, e);
            }
        }

        private static String head(DataInputStream in) throws IOException {
            var head = new ByteArrayOutputStream();
            while (true) {
                head.write(in.readUnsignedByte());
                var s = head.toString(StandardCharsets.ISO_8859_1);
                if (s.endsWith("\r\n\r\n")) {
                    return s;
                }
            }
        }

        private static String accept(String key) throws NoSuchAlgorithmException {
            var sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        }
    }

    private void readLoop() {
        var message = new ByteArrayOutputStream();
        try {
            while (true) {
                awaitNotStalled();
                var frame = ServerFrame.read(in);
                byte[] payload = frame.payload();
                boolean fin = frame.fin();
                switch (frame.opcode()) {
                    case 0x1, 0x0 -> {
                        message.write(payload);
                        if (fin) {
                            events.add(Json.mapper().readValue(text(message.toByteArray()), AgentEvent.class));
                            message.reset();
                        }
                    }
                    case 0x9 -> write(0xA, payload, true);
                    case 0xA -> {
                    }
                    case 0x8 -> {
                        int code = payload.length >= 2 ? (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF) : 1005;
                        String reason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                        ended.complete(new Ended(code, reason));
                        try {
                            write(0x8, new byte[]{payload.length >= 2 ? payload[0] : 0x03, payload.length >= 2 ? payload[1] : (byte) 0xE8}, true);
                        } catch (IOException e) {
                            // the agent may have closed already
                        }
                        return;
                    }
                    default -> throw new IOException("unexpected opcode " + frame.opcode());
                }
            }
        } catch (IOException | RuntimeException e) {
            ended.complete(new Ended(-1, String.valueOf(e)));
        } catch (InterruptedException e) {
            ended.complete(new Ended(-1, "interrupted"));
        }
    }

    private static String text(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    }

    private void awaitNotStalled() throws InterruptedException {
        synchronized (gate) {
            while (stalled) {
                gate.wait();
            }
        }
    }

    private synchronized void write(int opcode, byte[] payload, boolean fin) throws IOException {
        var frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            for (int i = 56; i >= 0; i -= 8) {
                frame.write((int) ((long) payload.length >> i) & 0xFF);
            }
        }
        var mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Stops reading: the agent's frames pile up in the socket buffers, then in its queue for us. */
    public void stall() {
        synchronized (gate) {
            stalled = true;
        }
    }

    public void resume() {
        synchronized (gate) {
            stalled = false;
            gate.notifyAll();
        }
    }

    /** The next event, waiting at most {@code within}; fails the test when none comes. */
    public AgentEvent next(Duration within) {
        try {
            var e = events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
            if (e == null) {
                throw new AssertionError("no event within " + within + (ended.isDone() ? "; connection ended: " + ended.join() : ""));
            }
            return e;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    public AgentEvent next() {
        return next(Duration.ofSeconds(20));
    }

    /** The next event within {@code within}, or null when none came (the connection may have ended: {@link #hasEnded()}). */
    public AgentEvent poll(Duration within) {
        try {
            return events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean hasEnded() {
        return ended.isDone();
    }

    /** Skips events until one of {@code type} that matches comes; returns it. */
    public <T extends AgentEvent> T next(Class<T> type, Predicate<T> matching) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching " + type.getSimpleName() + " within 30s");
            }
            var e = next(Duration.ofNanos(left));
            if (type.isInstance(e) && matching.test(type.cast(e))) {
                return type.cast(e);
            }
        }
    }

    public <T extends AgentEvent> T next(Class<T> type) {
        return next(type, e -> true);
    }

    /** Sends a text message, in fragments of 16 KiB as most WebSocket clients do with long ones. */
    public void send(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            int off = 0;
            do {
                int len = Math.min(FRAGMENT, bytes.length - off);
                var part = java.util.Arrays.copyOfRange(bytes, off, off + len);
                write(off == 0 ? 0x1 : 0x0, part, off + len >= bytes.length);
                off += len;
            } while (off < bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One frame exactly as given: any opcode, fragment or payload, for the protocol's edge cases. */
    public void sendFrame(int opcode, byte[] payload, boolean fin) {
        try {
            write(opcode, payload, fin);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void sendBinary(byte[] data) {
        try {
            write(0x2, data, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String subprotocol() {
        return subprotocol;
    }

    /** Waits for the end of the connection (bounded). */
    public Ended awaitEnd(Duration within) {
        try {
            return ended.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the connection did not end within " + within, e);
        }
    }

    @Override
    public void close() {
        resume();
        try {
            if (!ended.isDone()) {
                write(0x8, new byte[]{0x03, (byte) 0xE8}, true);
            }
        } catch (IOException e) {
            // closing anyway
        }
        try {
            socket.close();
        } catch (IOException e) {
            // closed
        }
    }
}
