package io.cloudvoter.agent.stream;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.testing.LiveAgents;
import io.cloudvoter.agent.testing.StalledSocket;
import io.cloudvoter.agent.testing.TestAgents;
import io.cloudvoter.model.api.LogLine;
import io.cloudvoter.model.events.LogEvent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * browser work) publishes events at a fixed rate; N real WebSocket clients (the JDK's, one HTTP client
 * each) note when each event arrives. Latency is arrival minus the moment just before publishing,
 * both on this JVM's nanosecond clock. The same again with one extra client that never reads.
 * <p>
 * {@code agent/bench-ws-latency [--clients 20] [--rate 1000] [--seconds 20] [--warmup 3] [--timeline true] [--json FILE]}
 */
public final class WsLatencyBench {
    /** {@code loadAverage}: the machine's 1-minute load when the scenario ended; other work on the machine shows in p99. */
    /** One HTTP client (one selector thread) for all WebSocket clients, instead of one each. */
    static boolean SHARED_CLIENT = Boolean.getBoolean("bench.sharedClient");

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
        Logger.getLogger("").setLevel(Level.WARNING);

        var dir = Files.createTempDirectory("cloudvoter-ws-bench");
        Result normal;
        Result stalled;
        try (var agent = LiveAgents.start(dir, "", Map.of(), Map.of())) {
            Logger.getLogger("").setLevel(Level.WARNING);
            normal = run(agent, clients, rate, seconds, warmup, false, timeline);
            print("normal", normal);
            stalled = run(agent, clients, rate, seconds, warmup, true, timeline);
            print("one client stalled", stalled);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        String json = String.format(Locale.ROOT, "{\"wsP99Ms\":%.3f,\"wsP50Ms\":%.3f,\"normal\":%s,\"withStalledClient\":%s}%n",
                normal.p99Ms(), normal.p50Ms(), json(normal), json(stalled));
        if (opts.containsKey("json")) {
            Files.writeString(Path.of(opts.get("json")), json);
            System.out.println("figures written to " + opts.get("json"));
        }
        System.out.print(json);
        System.exit(0);
    }

    static Result run(Agent agent, int clientCount, int rate, int seconds, int warmup, boolean withStalled, boolean timeline) throws Exception {
        int total = rate * (seconds + warmup);
        long[] sentAt = new long[total];
        var clients = new ArrayList<Client>();
        var shared = SHARED_CLIENT ? HttpClient.newHttpClient() : null;
        for (int i = 0; i < clientCount; i++) {
            clients.add(Client.open(agent, total, shared));
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
        while (System.nanoTime() < deadline && clients.stream().anyMatch(c -> c.received < total)) {
            Thread.sleep(20);
        }
        Boolean cut = withStalled ? stalledSocketCut(agent, cutBefore, clients) : null;
        long fastCut = clients.stream().filter(c -> c.cut).count();
        var latencies = new ArrayList<Long>();
        long missed = 0;
        int skip = rate * warmup;
        for (var c : clients) {
            missed += total - c.received;
            if (c.received < total) {
                System.out.println("  a client received " + c.received + " of " + total + " events"
                        + (c.ended == null ? " and is still connected" : "; its connection ended: " + c.ended));
            }
            for (int i = skip; i < total; i++) {
                if (c.arrivedAt[i] != 0) {
                    latencies.add(c.arrivedAt[i] - sentAt[i]);
                }
            }
            c.close();
        }
        if (stalledSocket != null) {
            stalledSocket.close();
        }
        if (timeline) {
            for (int sec = warmup; sec < seconds + warmup; sec++) {
                var second = new ArrayList<Long>();
                for (var c : clients) {
                    for (int i = sec * rate; i < (sec + 1) * rate; i++) {
                        if (c.arrivedAt[i] != 0) {
                            second.add(c.arrivedAt[i] - sentAt[i]);
                        }
                    }
                }
                long[] s = second.stream().mapToLong(Long::longValue).sorted().toArray();
                System.out.printf(Locale.ROOT, "  second %2d: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n", sec - warmup,
                        ms(percentile(s, 50)), ms(percentile(s, 99)), ms(s.length == 0 ? 0 : s[s.length - 1]));
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(clientCount, rate, seconds, sorted.length, missed, ms(percentile(sorted, 50)), ms(percentile(sorted, 99)),
                ms(sorted.length == 0 ? 0 : sorted[sorted.length - 1]), cut, fastCut,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** The stalled socket was cut when more clients were cut than the fast ones that saw a close. */
    private static boolean stalledSocketCut(Agent agent, long cutBefore, List<Client> clients) {
        return agent.stream().slowClientsCut() - cutBefore > clients.stream().filter(c -> c.cut).count();
    }

    /** One fast client: reads every frame, finds the bench event's number without a full parse, notes the time. */
    static final class Client implements WebSocket.Listener {
        final long[] arrivedAt;
        final HttpClient http;
        final StringBuilder partial = new StringBuilder();
        volatile int received;
        volatile boolean cut;
        volatile String ended;
        WebSocket socket;

        Client(int total, HttpClient http) {
            this.arrivedAt = new long[total];
            this.http = http;
        }

        static Client open(Agent agent, int total, HttpClient shared) {
            var c = new Client(total, shared != null ? shared : HttpClient.newHttpClient());
            c.socket = c.http.newWebSocketBuilder().header("Authorization", "Bearer " + TestAgents.TOKEN)
                    .buildAsync(URI.create(agent.baseUrl().replaceFirst("^http", "ws") + "/ws"), c).join();
            return c;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            cut = statusCode == io.cloudvoter.model.events.CloseCodes.TOO_SLOW;
            ended = "closed " + statusCode + " " + reason;
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            ended = "error " + error;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            CharSequence text = data;
            if (!last || partial.length() > 0) {
                partial.append(data);
                if (!last) {
                    return null;
                }
                text = partial.toString();
                partial.setLength(0);
            }
            String s = text.toString();
            int at = s.indexOf("\"logger\":\"bench\"");
            if (at >= 0) {
                int m = s.indexOf("\"message\":\"b", at);
                if (m >= 0) {
                    int from = m + 12;
                    int to = s.indexOf('"', from);
                    int n = Integer.parseInt(s, from, to, 10);
                    if (n < arrivedAt.length && arrivedAt[n] == 0) {
                        arrivedAt[n] = now;
                        received++;
                    }
                }
            }
            return null;
        }

        void close() {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                socket.abort();
            }
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
        System.out.printf(Locale.ROOT, "%-20s %d clients, %d events/s, %.0fs: p50 %.3f ms, p99 %.3f ms, max %.3f ms, %d samples, %d missed, %d fast clients cut%s (load %.2f)%n",
                name, r.clients(), r.rate(), r.seconds(), r.p50Ms(), r.p99Ms(), r.maxMs(), r.samples(), r.missed(), r.fastClientsCut(),
                r.stalledCut() == null ? "" : r.stalledCut() ? ", stalled client cut" : ", stalled client not yet cut", r.loadAverage());
    }

    static String json(Result r) {
        return String.format(Locale.ROOT, "{\"clients\":%d,\"ratePerSecond\":%d,\"seconds\":%.0f,\"samples\":%d,\"missed\":%d,"
                        + "\"p50Ms\":%.3f,\"p99Ms\":%.3f,\"maxMs\":%.3f,\"fastClientsCut\":%d,\"loadAverage\":%.2f%s}", r.clients(), r.rate(), r.seconds(),
                r.samples(), r.missed(), r.p50Ms(), r.p99Ms(), r.maxMs(), r.fastClientsCut(), r.loadAverage(),
                r.stalledCut() == null ? "" : ",\"stalledClientCut\":" + r.stalledCut());
    }

    static Map<String, String> options(String[] args) {
        var map = new java.util.HashMap<String, String>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: [--clients N] [--rate PER_SECOND] [--seconds S] [--warmup S] [--timeline true] [--json FILE]; got "
                        + Arrays.toString(args));
            }
            map.put(args[i].substring(2), args[++i]);
        }
        return map;
    }
}
