package io.cloudvoter.desktop.testing;

import io.cloudvoter.model.Json;
import io.cloudvoter.model.Protocol;
import io.cloudvoter.model.api.AgentInfo;
import io.cloudvoter.model.api.BrowserStatus;
import io.cloudvoter.model.api.GuardAction;
import io.cloudvoter.model.api.HealthResponse;
import io.cloudvoter.model.api.InstanceStatus;
import io.cloudvoter.model.api.LogLine;
import io.cloudvoter.model.api.MonitoringState;
import io.cloudvoter.model.api.ResourceSample;
import io.cloudvoter.model.api.RunList;
import io.cloudvoter.model.api.RunRecord;
import io.cloudvoter.model.api.StatusResponse;
import io.cloudvoter.model.events.AgentEvent;
import io.cloudvoter.model.events.GuardEvent;
import io.cloudvoter.model.events.InstanceChanged;
import io.cloudvoter.model.events.LogEvent;
import io.cloudvoter.model.events.MonitoringChanged;
import io.cloudvoter.model.events.ResourcesEvent;
import io.cloudvoter.model.events.RunFinished;
import io.cloudvoter.model.events.Snapshot;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP + WebSocket server that speaks the agent's protocol from {@code shared-model}: bearer
 * token on everything but {@code /api/health}, a snapshot on connect, then events with increasing seq,
 * resume with {@code ?since=SEQ}, and the REST calls the client makes (each one recorded). Tests and
 * the screenshot feed drive it; it holds no browser, so it starts in milliseconds.
 */
public final class StreamServer implements AutoCloseable {
    public static final String TOKEN = "stream-test-token-0123456789";

    private final WebServer server;
    private final List<WsSession> sessions = new CopyOnWriteArrayList<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<AgentEvent> journal = new ArrayList<>();
    private final Map<String, InstanceStatus> instances = new LinkedHashMap<>();
    private final List<LogLine> logs = new ArrayList<>();
    private final List<ResourceSample> resources = new ArrayList<>();
    private final List<GuardAction> guard = new ArrayList<>();
    private final List<RunRecord> runs = new CopyOnWriteArrayList<>();
    private final Map<Long, byte[]> artifacts = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger upgrades = new AtomicInteger();
    private volatile long lastSince = -1;
    private volatile io.helidon.http.Headers lastUpgrade;
    private volatile AgentInfo info;
    private volatile boolean refuseUpgrades;
    private boolean monitoring = true;
    private long seq;

    public StreamServer(String name) {
        this(name, 0);
    }

    public StreamServer(String name, int port) {
        info = new AgentInfo(name, "0.1.0", Protocol.VERSION, "test-host", Instant.parse("2026-11-27T08:00:00Z"), 4242);
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(port)
                .shutdownHook(false)
                .connectionOptions(o -> o.tcpNoDelay(true))
                .routing(this::routing)
                .addRouting(WsRouting.builder().endpoint("/ws", Listener::new))
                .build()
                .start();
    }

    public String name() {
        return info.name();
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    /** REST calls received, as {@code "POST /api/instances/poll-1/run"}. */
    public List<String> calls() {
        return calls;
    }

    /** The {@code since} of the latest upgrade (0 without one; -1 before any). */
    public long lastSince() {
        return lastSince;
    }

    /** The headers of the latest upgrade request, or null before any. */
    public io.helidon.http.Headers lastUpgrade() {
        return lastUpgrade;
    }

    public int upgrades() {
        return upgrades.get();
    }

    public int openSessions() {
        return sessions.size();
    }

    /** While true, upgrades are answered 503: the agent is "down". */
    public void refuseUpgrades(boolean refuse) {
        this.refuseUpgrades = refuse;
    }

    // ---- state and events -------------------------------------------------------------------

    public synchronized void putInstance(InstanceStatus s) {
        instances.put(s.id(), s);
    }

    public synchronized void addLog(LogLine line) {
        logs.add(line);
    }

    public synchronized void addSample(ResourceSample s) {
        resources.add(s);
    }

    public synchronized void addGuardAction(GuardAction a) {
        guard.add(a);
    }

    public void addRun(RunRecord r) {
        runs.add(r);
    }

    public void addArtifact(long runId, byte[] png) {
        artifacts.put(runId, png);
    }

    public synchronized long seq() {
        return seq;
    }

    /** Gives the event the next seq, applies it to the state new snapshots show, and sends it to every client. */
    public synchronized AgentEvent publish(AgentEvent.Factory factory) {
        var event = factory.create(++seq, Instant.now());
        switch (event) {
            case InstanceChanged c -> instances.put(c.instance().id(), c.instance());
            case LogEvent l -> logs.add(l.line());
            case ResourcesEvent r -> resources.add(r.sample());
            case GuardEvent g -> guard.add(g.action());
            case MonitoringChanged m -> monitoring = m.monitoring();
            case RunFinished f -> runs.addFirst(f.run());
            default -> { }
        }
        journal.add(event);
        String json = json(event);
        for (var s : sessions) {
            send(s, json);
        }
        return event;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(seq, Instant.now(), Protocol.VERSION, info, monitoring, 1,
                new BrowserStatus("UP", "/usr/bin/chromium-headless-shell", "156.0", null, Instant.now(), 0, 12),
                List.copyOf(instances.values()), List.of(), List.copyOf(resources), List.copyOf(guard),
                logs.subList(Math.max(0, logs.size() - 500), logs.size()).stream().toList());
    }

    /** Closes every client socket with this code (4000-range: "too slow, resync"). */
    public void dropAll(int code) {
        for (var s : sessions) {
            try {
                s.close(code, "dropped by the test");
            } catch (RuntimeException alreadyGone) {
                sessions.remove(s);
            }
        }
    }

    /** Becomes a new agent process: new identity, seq from 0, journal forgotten. */
    public synchronized void restartAgent() {
        info = new AgentInfo(info.name(), info.version(), info.protocol(), info.host(), Instant.now(), info.pid() + 1);
        seq = 0;
        journal.clear();
        dropAll(1001);
    }

    // ---- WebSocket ----------------------------------------------------------------------------

    private final class Listener implements WsListener {
        private long since;

        @Override
        public java.util.Optional<io.helidon.http.Headers> onHttpUpgrade(io.helidon.http.HttpPrologue prologue,
                                                                       io.helidon.http.Headers headers) {
            since = prologue.query().first("since").map(Long::parseLong).orElse(0L);
            lastSince = since;
            lastUpgrade = headers;
            upgrades.incrementAndGet();
            // as the agent: select cloudvoter.v1 when it is offered
            var protocol = io.helidon.http.HeaderNames.create("Sec-WebSocket-Protocol");
            if (headers.contains(protocol) && headers.get(protocol).allValues(true).contains(Protocol.SUBPROTOCOL)) {
                var answer = io.helidon.http.WritableHeaders.create();
                answer.set(protocol, Protocol.SUBPROTOCOL);
                return java.util.Optional.of(answer);
            }
            return java.util.Optional.empty();
        }

        @Override
        public void onOpen(WsSession session) {
            synchronized (StreamServer.this) {
                boolean canResume = since > 0 && since <= seq
                        && (journal.isEmpty() || journal.getFirst().seq() <= since + 1);
                if (canResume) {
                    for (var e : journal) {
                        if (e.seq() > since) {
                            send(session, json(e));
                        }
                    }
                } else {
                    send(session, json(snapshot()));
                }
                sessions.add(session);
            }
        }

        @Override
        public void onMessage(WsSession session, String text, boolean last) {
            if (text.contains("\"ping\"")) {
                send(session, "{\"type\":\"pong\",\"seq\":" + seq() + ",\"time\":\"" + Instant.now() + "\"}");
            }
        }

        @Override
        public void onClose(WsSession session, int status, String reason) {
            sessions.remove(session);
        }

        @Override
        public void onError(WsSession session, Throwable t) {
            sessions.remove(session);
        }
    }

    private static void send(WsSession session, String json) {
        synchronized (session) {
            try {
                session.send(json, true);
            } catch (RuntimeException ignored) {
                // the client went away; onClose removes it
            }
        }
    }

    private static String json(Object o) {
        try {
            return Json.mapper().writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- REST ---------------------------------------------------------------------------------

    private void routing(HttpRouting.Builder r) {
        r.addFilter((chain, req, res) -> {
            String path = req.path().path();
            if (path.equals("/api/health")) {
                chain.proceed();
                return;
            }
            String auth = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
            if (!auth.equals("Bearer " + TOKEN)) {
                res.status(Status.UNAUTHORIZED_401).send("{\"status\":401,\"error\":\"unauthorized\",\"message\":\"missing or wrong token\"}");
                return;
            }
            if (path.equals("/ws") && refuseUpgrades) {
                res.status(Status.SERVICE_UNAVAILABLE_503).send("{\"status\":503,\"error\":\"down\",\"message\":\"down\"}");
                return;
            }
            if (!path.equals("/ws")) {
                calls.add(req.prologue().method().text() + " " + path);
            }
            chain.proceed();
        });
        r.get("/api/health", (req, res) -> json(res, Status.OK_200, new HealthResponse("UP", "0.1.0",
                List.of(new HealthResponse.HealthCheck("store", true, null)))));
        r.get("/api/status", (req, res) -> {
            var snap = snapshot();
            json(res, Status.OK_200, new StatusResponse(snap.agent(), snap.monitoring(), 0, 1, snap.browser(),
                    snap.instances(), List.of(), null));
        });
        for (String action : List.of("run", "restart", "enable", "disable")) {
            r.post("/api/instances/{id}/" + action, (req, res) -> {
                String id = req.path().pathParameters().get("id");
                InstanceStatus s;
                synchronized (this) {
                    s = instances.get(id);
                }
                if (s == null) {
                    res.status(Status.NOT_FOUND_404).send("{\"status\":404,\"error\":\"not-found\",\"message\":\"no instance '" + id + "'\"}");
                    return;
                }
                if (action.equals("enable") || action.equals("disable")) {
                    // as the agent does: the new status in the answer, and an instance event for every client
                    boolean on = action.equals("enable");
                    var changed = new InstanceStatus(s.id(), s.flow(), s.source(), on, s.cooldown(),
                            on ? io.cloudvoter.model.api.InstanceState.SCHEDULED : io.cloudvoter.model.api.InstanceState.DISABLED,
                            s.lastOutcome(), s.lastMessage(), s.lastRunAt(), s.nextRunAt(), s.pausedUntil(), s.lastExtracted(),
                            s.runs(), s.successes(), s.failures(), s.rateLimited(), s.hasStorageState());
                    putInstance(changed);
                    publish((seq, t) -> new InstanceChanged(seq, t, changed));
                    s = changed;
                }
                json(res, action.equals("run") || action.equals("restart") ? Status.ACCEPTED_202 : Status.OK_200, s);
            });
        }
        r.put("/api/instances/{id}/storage-state", (req, res) -> {
            calls.add("BODY " + req.content().as(String.class));
            res.status(Status.NO_CONTENT_204).send();
        });
        r.post("/api/monitoring/start", (req, res) -> {
            publish((s, t) -> new MonitoringChanged(s, t, true));
            json(res, Status.OK_200, new MonitoringState(true));
        });
        r.post("/api/monitoring/stop", (req, res) -> {
            publish((s, t) -> new MonitoringChanged(s, t, false));
            json(res, Status.OK_200, new MonitoringState(false));
        });
        r.post("/api/browser/recycle", (req, res) -> json(res, Status.ACCEPTED_202, snapshot().browser()));
        r.get("/api/runs", (req, res) -> {
            var q = req.query();
            String instance = q.first("instance").orElse(null);
            String outcome = q.first("outcome").orElse(null);
            long before = q.first("before").map(Long::parseLong).orElse(Long.MAX_VALUE);
            int limit = q.first("limit").map(Integer::parseInt).orElse(100);
            if (limit > 1000) { // as the agent does
                res.status(Status.BAD_REQUEST_400).send("{\"status\":400,\"error\":\"bad-request\",\"message\":\"limit: "
                        + limit + " is out of range 1..1000\"}");
                return;
            }
            var page = runs.stream()
                    .filter(x -> instance == null || x.instanceId().equals(instance))
                    .filter(x -> outcome == null || x.outcome().name().equals(outcome))
                    .filter(x -> x.id() < before)
                    .sorted((a, b) -> Long.compare(b.id(), a.id()))
                    .limit(limit).toList();
            json(res, Status.OK_200, new RunList(page));
        });
        r.get("/api/runs.csv", (req, res) -> {
            var out = new StringBuilder("id,instance,outcome\n");
            runs.forEach(x -> out.append(x.id()).append(',').append(x.instanceId()).append(',').append(x.outcome()).append('\n'));
            res.header(HeaderNames.CONTENT_TYPE, "text/csv").send(out.toString());
        });
        r.get("/api/runs/{id}/artifact", (req, res) -> {
            byte[] png = artifacts.get(Long.parseLong(req.path().pathParameters().get("id")));
            if (png == null) {
                res.status(Status.NOT_FOUND_404).send("{\"status\":404,\"error\":\"not-found\",\"message\":\"no artifact\"}");
            } else {
                res.header(HeaderNames.CONTENT_TYPE, "image/png").send(png);
            }
        });
    }

    private static void json(ServerResponse res, Status status, Object body) {
        res.status(status).header(HeaderNames.CONTENT_TYPE, "application/json").send(json(body));
    }

    @Override
    public void close() {
        dropAll(1001);
        server.stop();
    }
}
