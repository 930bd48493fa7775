package io.cloudvoter.agent.stream;

import io.cloudvoter.agent.events.EventBus;
import io.cloudvoter.agent.threads.DaemonThreads;
import io.cloudvoter.model.Protocol;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /ws}: the agent's events as they happen. The token was already checked by the HTTP filter
 * before the upgrade (so a bad one is a 401 and no socket). On connect a client gets a snapshot, or,
 * with {@code ?since=SEQ} inside the replay buffer, only the events it missed; then every event in
 * order. Each connection has its own queue and writer ({@link StreamClient}), so a slow client never
 * holds up the agent or the others.
 */
public final class StreamEndpoint implements WsListener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StreamEndpoint.class.getName());
    static final HeaderName SUBPROTOCOL = HeaderNames.create("Sec-WebSocket-Protocol");

    private final EventBus bus;
    private final EventBus.SnapshotFactory snapshots;
    private final StreamSettings settings;
    private final Clock clock;
    private final EventJson json;
    private final ConcurrentHashMap<WsSession, StreamClient> clients = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final LongAdder slowClientsCut = new LongAdder();
    private final LongAdder eventsDiscarded = new LongAdder();
    private final ScheduledExecutorService watchdog;
    private final StreamClient.Owner owner = new StreamClient.Owner() {
        @Override
        public void ended(StreamClient client) {
            bus.unsubscribe(client);
            clients.values().remove(client);
            LOG.info(() -> "Stream client #" + client.id + " (" + client.peer + ") disconnected"
                    + (client.closeReason() == null ? "" : ": " + client.closeReason()));
        }

        @Override
        public void cutForSlowness(StreamClient client, int discarded) {
            bus.unsubscribe(client);
            slowClientsCut.increment();
            eventsDiscarded.add(discarded);
            LOG.warning(() -> "Stream client #" + client.id + " (" + client.peer + ") is too slow: "
                    + settings.clientQueue() + " events waited for it; cutting it (" + discarded + " undelivered)");
        }

        @Override
        public void afterGrace(Runnable check) {
            try {
                watchdog.schedule(() -> {
                    try {
                        check.run();
                    } catch (Throwable t) {
                        LOG.log(Level.WARNING, "closing a stalled stream client failed", t);
                    }
                }, settings.stallGrace().toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // stopping: the server closes every socket anyway
            }
        }
    };

    public StreamEndpoint(EventBus bus, EventBus.SnapshotFactory snapshots, StreamSettings settings, Clock clock) {
        this.bus = bus;
        this.snapshots = snapshots;
        this.settings = settings;
        this.clock = clock;
        this.json = new EventJson(settings.replay());
        this.watchdog = DaemonThreads.timer("cloudvoter-ws-watchdog");
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
        since(prologue); // a bad value is refused here, with 400
        // Only ever cloudvoter.v1: the answer must not echo what else was offered, and "bearer.<token>"
        // is the token itself. A client that offered something else gets no subprotocol (a browser then
        // fails the connection, which is right: it asked for a protocol this endpoint does not speak).
        if (!offeredProtocols(headers).contains(Protocol.SUBPROTOCOL)) {
            return Optional.empty();
        }
        var answer = WritableHeaders.create();
        answer.set(SUBPROTOCOL, Protocol.SUBPROTOCOL);
        return Optional.of(answer);
    }

    @Override
    public void onOpen(WsSession session) {
        String peer = session.socketContext().remotePeer().host();
        var client = new StreamClient(ids.incrementAndGet(), peer, session, settings, json, clock, owner);
        clients.put(session, client);
        var since = since(session.prologue());
        since.ifPresent(client::startsAt); // pongs before the first replayed event carry it
        client.start();
        switch (bus.join(client, since, settings.maxReplay(), snapshots)) {
            case EventBus.Start.FromSnapshot s -> LOG.info(() -> "Stream client #" + client.id + " connected from "
                    + peer + " (snapshot at " + s.seq() + ")");
            case EventBus.Start.Replayed r -> LOG.info(() -> "Stream client #" + client.id + " reconnected from "
                    + peer + " (resumed after " + r.since() + ", " + r.events() + " missed events replayed)");
        }
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        var client = clients.get(session);
        if (client != null) {
            client.onText(text, last);
        }
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        var client = clients.get(session);
        if (client != null) {
            client.onBinary(last);
        }
    }

    @Override
    public void onPing(WsSession session, BufferData buffer) {
        var client = clients.get(session);
        if (client != null) {
            client.onPing(buffer);
        }
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        var client = clients.get(session);
        if (client != null) {
            client.stop();
        }
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        LOG.log(Level.FINE, "stream connection error", t);
        var client = clients.get(session);
        if (client != null) {
            client.stop();
        }
    }

    /** Closes every connection with {@code code} (token rotated, agent stopping); clients reconnect with since. */
    public void closeAll(int code, String reason) {
        clients.values().forEach(c -> c.cut(code, reason));
    }

    public int clients() {
        return clients.size();
    }

    /** Connections opened since the agent started. */
    public long opened() {
        return ids.get();
    }

    /** Clients cut because they did not keep up. */
    public long slowClientsCut() {
        return slowClientsCut.sum();
    }

    /** Events that were waiting for a client when it was cut, and so never reached it. */
    public long eventsDiscarded() {
        return eventsDiscarded.sum();
    }

    /** Tells every client the agent is going away (1001) and gives their writers a moment to send it. */
    @Override
    public void close() {
        closeAll(WsCloseCodes.GOING_AWAY, "the agent is stopping");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (!clients.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        watchdog.shutdownNow(); // the server closes whatever socket is left
    }

    static OptionalLong since(HttpPrologue prologue) {
        var value = prologue.query().first("since").asOptional();
        if (value.isEmpty() || value.get().isBlank()) {
            return OptionalLong.empty();
        }
        try {
            long since = Long.parseLong(value.get().strip());
            if (since < 0) {
                throw new WsUpgradeException("since: " + since + " is negative; use the seq of the last event you received");
            }
            return OptionalLong.of(since);
        } catch (NumberFormatException e) {
            throw new WsUpgradeException("since: '" + value.get() + "' is not a sequence number");
        }
    }

    static List<String> offeredProtocols(Headers headers) {
        return headers.all(SUBPROTOCOL, List::of).stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
