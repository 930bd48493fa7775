package io.cloudvoter.agent.stream;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.testing.LiveAgents;
import io.cloudvoter.agent.testing.ServerFrame;
import io.cloudvoter.agent.testing.StalledSocket;
import io.cloudvoter.agent.testing.TestAgents;
import io.cloudvoter.model.api.LogLine;
import io.cloudvoter.model.events.CloseCodes;
import io.cloudvoter.model.events.LogEvent;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A benchmark, not a test: event-to-client latency of {@code /ws} on loopback. A real agent (no
 * browser work) publishes events at a fixed rate; N real WebSocket connections note when each event
 * arrives. Latency is arrival minus the moment just before publishing, both on this JVM's nanosecond
 * clock. Then the same again with one extra client that completes the handshake and never reads.
 * <p>
 * Clients are bare RFC 6455 readers, one platform thread each (little client-side cost on a small
 * machine, and every frame's UTF-8 is checked), or with {@code --client jdk} the JDK's WebSocket client.
 * <p>
 * {@code agent/bench-ws-latency [--clients 20] [--rate 1000] [--seconds 20] [--warmup 3] [--client raw|jdk]
 * [--timeline true] [--json FILE]}
 */
public final class WsLatencyBench {

    /** {@code loadAverage}: the machine's 1-minute load when the scenario ended; other work on the machine shows in p99. */
    record Result(int clients, int rate, double seconds, long samples, long missed, double p50Ms, double p99Ms,
                  double maxMs, Boolean stalledCut, long fastClientsCut, double loadAverage) {
    }

    public static void main(String[] args) throws Exception {
        var opts = options(args);
        int clients = Integer.parseInt(opts.getOrDefault("clients", "20"));
        int rate = Integer.parseInt(opts.getOrDefault("rate", "1000"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "20"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "3"));
        boolean timeline = Boolean.parseBoolean(opts.getOrDefault("timeline", "false"));
        boolean jdk = opts.getOrDefault("client", "raw").equals("jdk");
        Logger.getLogger("").setLevel(Level.WARNING);

        var dir = Files.createTempDirectory("cloudvoter-ws-bench");
        Result normal;
        Result stalled;
        try (var agent = LiveAgents.start(dir, "", Map.of(), Map.of())) {
            Logger.getLogger("").setLevel(Level.WARNING);
            var bench = new WsLatencyBench(agent, clients, rate, seconds, warmup, jdk, timeline);
            normal = bench.run(false);
            print("normal", normal);
            stalled = bench.run(true);
            print("one client stalled", stalled);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        String json = String.format(Locale.ROOT, "{\"wsP99Ms\":%.3f,\"wsP50Ms\":%.3f,\"client\":\"%s\",\"normal\":%s,\"withStalledClient\":%s}%n",
                normal.p99Ms(), normal.p50Ms(), jdk ? "jdk" : "raw", json(normal), json(stalled));
        if (opts.containsKey("json")) {
            Files.writeString(Path.of(opts.get("json")), json);
            System.out.println("figures written to " + opts.get("json"));
        }
        System.out.print(json);
        System.exit(0);
    }

    private final Agent agent;
    private final int clientCount;
    private final int rate;
    private final int seconds;
    private final int warmup;
    private final boolean jdk;
    private final boolean timeline;

    private WsLatencyBench(Agent agent, int clientCount, int rate, int seconds, int warmup, boolean jdk, boolean timeline) {
        this.agent = agent;
        this.clientCount = clientCount;
        this.rate = rate;
        this.seconds = seconds;
        this.warmup = warmup;
        this.jdk = jdk;
        this.timeline = timeline;
    }

    private Result run(boolean withStalled) throws Exception {
        int total = rate * (seconds + warmup);
        long[] sentAt = new long[total];
        var clients = new ArrayList<Fast>();
        for (int i = 0; i < clientCount; i++) {
            clients.add(jdk ? JdkClient.open(agent, total) : new RawClient(agent, total));
        }
        StalledSocket stalledSocket = withStalled ? StalledSocket.open(agent.baseUrl(), TestAgents.TOKEN) : null;
        long cutBefore = agent.stream().slowClientsCut();
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        for (int i = 0; i < total; i++) {
            long due = start + i * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            int n = i;
            sentAt[n] = System.nanoTime();
            agent.bus().publish((seq, time) -> new LogEvent(seq, time, new LogLine(time, "INFO", "bench", null, "b" + n), 0));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && clients.stream().anyMatch(c -> c.received() < total)) {
            Thread.sleep(20);
        }
        long fastCut = clients.stream().filter(Fast::cut).count();
        Boolean cut = withStalled ? agent.stream().slowClientsCut() - cutBefore > fastCut : null;
        var latencies = new ArrayList<Long>();
        long missed = 0;
        int skip = rate * warmup;
        for (var c : clients) {
            missed += total - c.received();
            if (c.received() < total || c.ended() != null) {
                System.out.println("  a client received " + c.received() + " of " + total + " events"
                        + (c.ended() == null ? " and is still connected" : "; its connection ended: " + c.ended()));
            }
            for (int i = skip; i < total; i++) {
                if (c.arrivedAt(i) != 0) {
                    latencies.add(c.arrivedAt(i) - sentAt[i]);
                }
            }
        }
        if (timeline) {
            printTimeline(clients, sentAt);
        }
        clients.forEach(Fast::close);
        if (stalledSocket != null) {
            stalledSocket.close();
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(clientCount, rate, seconds, sorted.length, missed, ms(percentile(sorted, 50)), ms(percentile(sorted, 99)),
                ms(sorted.length == 0 ? 0 : sorted[sorted.length - 1]), cut, fastCut,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private void printTimeline(List<Fast> clients, long[] sentAt) {
        for (int sec = warmup; sec < seconds + warmup; sec++) {
            var second = new ArrayList<Long>();
            for (var c : clients) {
                for (int i = sec * rate; i < (sec + 1) * rate; i++) {
                    if (c.arrivedAt(i) != 0) {
                        second.add(c.arrivedAt(i) - sentAt[i]);
                    }
                }
            }
            long[] s = second.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "  second %2d: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n", sec - warmup,
                    ms(percentile(s, 50)), ms(percentile(s, 99)), ms(s.length == 0 ? 0 : s[s.length - 1]));
        }
    }

    /** A fast client: notes when each bench event arrived. */
    interface Fast {
        int received();

        long arrivedAt(int n);

        /** Closed by the agent as too slow. */
        boolean cut();

        /** How its connection ended, or null while it is open. */
        String ended();

        void close();
    }

    /** Notes the arrival of the bench event in {@code text}, found without a full JSON parse. */
    static boolean note(String text, long now, long[] arrivedAt) {
        int at = text.indexOf("\"logger\":\"bench\"");
        if (at < 0) {
            return false;
        }
        int m = text.indexOf("\"message\":\"b", at);
        if (m < 0) {
            return false;
        }
        int from = m + 12;
        int n = Integer.parseInt(text, from, text.indexOf('"', from), 10);
        if (n < arrivedAt.length && arrivedAt[n] == 0) {
            arrivedAt[n] = now;
            return true;
        }
        return false;
    }

    /** A bare RFC 6455 reader on a platform thread; a text frame that is not valid UTF-8 is counted. */
    static final class RawClient implements Fast {
        final long[] arrivedAt;
        final Socket socket;
        volatile int received;
        volatile String ended;
        volatile int badFrames;

        RawClient(Agent agent, int total) throws IOException {
            arrivedAt = new long[total];
            var uri = URI.create(agent.baseUrl());
            socket = new Socket(uri.getHost(), uri.getPort());
            socket.setTcpNoDelay(true);
            var key = Base64.getEncoder().encodeToString(new byte[16]);
            socket.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + key
                    + "\r\nAuthorization: Bearer " + TestAgents.TOKEN + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            var in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
            var head = new StringBuilder();
            while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
                head.append((char) in.readUnsignedByte());
            }
            if (!head.toString().startsWith("HTTP/1.1 101")) {
                throw new IOException("upgrade refused: " + head);
            }
            Thread.ofPlatform().daemon().name("bench-client").start(() -> read(in));
        }

        private void read(DataInputStream in) {
            var decoder = StandardCharsets.UTF_8.newDecoder();
            try {
                while (true) {
                    var frame = ServerFrame.read(in);
                    long now = System.nanoTime();
                    if (frame.opcode() == ServerFrame.CLOSE) {
                        ended = "closed " + frame.closeCode();
                        return;
                    }
                    if (frame.opcode() == ServerFrame.TEXT && frame.fin()) {
                        try {
                            if (note(decoder.decode(ByteBuffer.wrap(frame.payload())).toString(), now, arrivedAt)) {
                                received++;
                            }
                        } catch (CharacterCodingException e) {
                            badFrames++;
                        }
                    }
                }
            } catch (IOException e) {
                if (ended == null) {
                    ended = "error " + e;
                }
            }
        }

        @Override
        public int received() {
            return received;
        }

        @Override
        public long arrivedAt(int n) {
            return arrivedAt[n];
        }

        @Override
        public boolean cut() {
            return ended != null && ended.equals("closed " + CloseCodes.TOO_SLOW);
        }

        @Override
        public String ended() {
            return ended == null && badFrames == 0 ? null : ended + (badFrames > 0 ? "; " + badFrames + " frames were not valid UTF-8" : "");
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // done anyway
            }
        }
    }

    /** The JDK's WebSocket client, one HTTP client each. */
    static final class JdkClient implements WebSocket.Listener, Fast {
        final long[] arrivedAt;
        final HttpClient http = HttpClient.newHttpClient();
        final StringBuilder partial = new StringBuilder();
        volatile int received;
        volatile boolean cut;
        volatile String ended;
        WebSocket socket;

        private JdkClient(int total) {
            arrivedAt = new long[total];
        }

        static JdkClient open(Agent agent, int total) {
            var c = new JdkClient(total);
            c.socket = c.http.newWebSocketBuilder().header("Authorization", "Bearer " + TestAgents.TOKEN)
                    .buildAsync(URI.create(agent.baseUrl().replaceFirst("^http", "ws") + "/ws"), c).join();
            return c;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            CharSequence text = data;
            if (!last || !partial.isEmpty()) {
                partial.append(data);
                if (!last) {
                    return null;
                }
                text = partial.toString();
                partial.setLength(0);
            }
            if (note(text.toString(), now, arrivedAt)) {
                received++;
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            cut = statusCode == CloseCodes.TOO_SLOW;
            ended = "closed " + statusCode + " " + reason;
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            ended = "error " + error + (error.getCause() == null ? "" : " caused by " + error.getCause());
        }

        @Override
        public int received() {
            return received;
        }

        @Override
        public long arrivedAt(int n) {
            return arrivedAt[n];
        }

        @Override
        public boolean cut() {
            return cut;
        }

        @Override
        public String ended() {
            return ended;
        }

        @Override
        public void close() {
            socket.abort();
            http.close();
        }
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static void print(String name, Result r) {
        System.out.printf(Locale.ROOT, "%-20s %d clients, %d events/s, %.0fs: p50 %.3f ms, p99 %.3f ms, max %.3f ms, "
                        + "%d samples, %d missed, %d fast clients cut%s (load %.2f)%n",
                name, r.clients(), r.rate(), r.seconds(), r.p50Ms(), r.p99Ms(), r.maxMs(), r.samples(), r.missed(), r.fastClientsCut(),
                r.stalledCut() == null ? "" : r.stalledCut() ? ", stalled client cut" : ", stalled client not yet cut", r.loadAverage());
    }

    static String json(Result r) {
        return String.format(Locale.ROOT, "{\"clients\":%d,\"ratePerSecond\":%d,\"seconds\":%.0f,\"samples\":%d,\"missed\":%d,"
                        + "\"p50Ms\":%.3f,\"p99Ms\":%.3f,\"maxMs\":%.3f,\"fastClientsCut\":%d,\"loadAverage\":%.2f%s}", r.clients(), r.rate(),
                r.seconds(), r.samples(), r.missed(), r.p50Ms(), r.p99Ms(), r.maxMs(), r.fastClientsCut(), r.loadAverage(),
                r.stalledCut() == null ? "" : ",\"stalledClientCut\":" + r.stalledCut());
    }

    static Map<String, String> options(String[] args) {
        var map = new HashMap<String, String>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: [--clients N] [--rate PER_SECOND] [--seconds S] [--warmup S] "
                        + "[--client raw|jdk] [--timeline true] [--json FILE]; got " + Arrays.toString(args));
            }
            map.put(args[i].substring(2), args[++i]);
        }
        return map;
    }
}
