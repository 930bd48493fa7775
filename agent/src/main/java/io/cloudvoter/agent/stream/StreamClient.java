package io.cloudvoter.agent.stream;

import io.cloudvoter.agent.events.EventBus;
import io.cloudvoter.model.events.AgentEvent;
import io.cloudvoter.model.events.CloseCodes;
import io.cloudvoter.model.events.ClientMessage;
import io.cloudvoter.model.events.ErrorEvent;
import io.cloudvoter.model.events.Pong;
import io.cloudvoter.model.events.Snapshot;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.ConnectionContext;
import io.helidon.websocket.WsSession;

import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One {@code /ws} connection: a bounded queue that the bus fills without ever waiting, and one
 * virtual thread, the only one that writes to the session, that empties it. A client that lets the
 * queue fill up is cut: what waited is discarded, a close frame ({@link CloseCodes#TOO_SLOW}) is
 * queued, and if the socket is still blocked after the stall grace it is closed under the writer.
 */
final class StreamClient implements EventBus.Subscriber {
    private static final Logger LOG = Logger.getLogger(StreamClient.class.getName());
    /** A cut client still draining its socket is given at most this many grace periods. */
    private static final int MAX_GRACES = 12;

    private sealed interface Outgoing {
    }

    private record Send(AgentEvent event) implements Outgoing {
    }

    private record Reply(AgentEvent.Factory factory) implements Outgoing {
    }

    private record PongFrame(BufferData data) implements Outgoing {
    }

    private record Close(int code, String reason) implements Outgoing {
    }

    /** What the client needs from its endpoint. */
    interface Owner {
        void ended(StreamClient client);

        void cutForSlowness(StreamClient client, int discarded);

        void afterGrace(Runnable check);
    }

    final long id;
    final String peer;
    private final WsSession session;
    private final StreamSettings settings;
    private final EventJson json;
    private final Clock clock;
    private final Owner owner;
    private final ArrayBlockingQueue<Outgoing> queue;
    private final AtomicBoolean cut = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile StreamFilter filter = StreamFilter.ALL;
    private volatile long lastSent;
    private volatile long framesWritten;
    private volatile boolean closeSent;
    private volatile String closeReason;
    private volatile Thread writer;

    // Incoming frames: touched only by the connection's own thread.
    private final StringBuilder partial = new StringBuilder();
    private long partialLength;

    StreamClient(long id, String peer, WsSession session, StreamSettings settings, EventJson json, Clock clock, Owner owner) {
        this.id = id;
        this.peer = peer;
        this.session = session;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        this.owner = owner;
        this.queue = new ArrayBlockingQueue<>(settings.clientQueue());
    }

    void start() {
        writer = Thread.ofVirtual().name("cloudvoter-ws-" + id).start(this::writeLoop);
    }

    /** The seq the client is known to have: where its stream continues from. */
    void startsAt(long seq) {
        lastSent = seq;
    }

    // ---- from the bus (under its lock: never block) --------------------------------------

    @Override
    public boolean offer(AgentEvent event) {
        if (cut.get() || !(event instanceof Snapshot || filter.accepts(event))) {
            return true;
        }
        return queue.offer(new Send(event));
    }

    @Override
    public void overflowed() {
        cut(CloseCodes.TOO_SLOW, "too slow: more than " + settings.clientQueue() + " events waited; reconnect with since");
    }

    // ---- from the connection's thread -----------------------------------------------------

    void onText(String text, boolean last) {
        partialLength += text.length();
        if (partialLength <= settings.maxFrame()) {
            partial.append(text);
        } else {
            partial.setLength(0); // over the limit: count the rest, keep none of it
        }
        if (!last) {
            return;
        }
        long length = partialLength;
        String frame = partial.toString();
        partial.setLength(0);
        partialLength = 0;
        if (length > settings.maxFrame()) {
            error("frame-too-large", "frame of " + length + " characters is over the limit of " + settings.maxFrame());
            return;
        }
        switch (ClientFrames.parse(frame)) {
            case ClientFrames.Accepted(ClientMessage.Ping ping) -> reply((seq, time) -> new Pong(seq, time, ping.id()));
            case ClientFrames.Accepted(ClientMessage.Subscribe s) -> filter = ClientFrames.filterOf(s);
            case ClientFrames.Fault fault -> error(fault.code(), fault.message());
        }
    }

    void onBinary(boolean last) {
        if (last) {
            error("unsupported-frame", "binary frames are not understood; send JSON text frames (ping, subscribe)");
        }
    }

    void onPing(BufferData data) {
        var copy = new byte[data.available()];
        data.read(copy);
        enqueue(new PongFrame(BufferData.create(copy)));
    }

    /** The connection closed (client close frame, error): stop writing and leave the bus. */
    void stop() {
        var w = writer;
        if (w != null && !closeSent) {
            w.interrupt();
        }
        end();
    }

    private void error(String code, String message) {
        LOG.fine(() -> "Stream client #" + id + " sent a bad frame: " + code + ": " + message);
        reply((seq, time) -> new ErrorEvent(seq, time, code, message));
    }

    private void reply(AgentEvent.Factory factory) {
        enqueue(new Reply(factory));
    }

    private void enqueue(Outgoing item) {
        if (!cut.get() && !queue.offer(item)) {
            overflowed();
        }
    }

    // ---- cutting ----------------------------------------------------------------------------

    /** Ends this connection with {@code code}: nothing more is queued, the close frame goes next. */
    void cut(int code, String reason) {
        if (!cut.compareAndSet(false, true)) {
            return;
        }
        closeReason = code + " " + reason;
        int discarded = queue.size();
        queue.clear();
        queue.offer(new Close(code, reason));
        if (code == CloseCodes.TOO_SLOW) {
            owner.cutForSlowness(this, discarded);
        }
        watchClose(framesWritten, MAX_GRACES);
    }

    /**
     * Closes the socket when the client has not let go of it a grace period after the cut: either the
     * writer made no progress (the client stopped reading), or the close frame went out and the
     * client never answered it. A client still draining its socket gets more time, up to
     * {@code gracesLeft} periods, and then its close frame.
     */
    private void watchClose(long writtenBefore, int gracesLeft) {
        owner.afterGrace(() -> {
            if (!connected()) {
                return;
            }
            if (!closeSent && framesWritten > writtenBefore && gracesLeft > 1) {
                watchClose(framesWritten, gracesLeft - 1);
                return;
            }
            LOG.warning(() -> "Stream client #" + id + " (" + peer + ") " + (closeSent ? "did not answer its close frame"
                    : "did not take its close frame") + " within " + settings.stallGrace().toMillis() + " ms; closing its socket");
            forceClose();
        });
    }

    private boolean connected() {
        try {
            return session.socketContext() instanceof ConnectionContext cc && cc.serverSocket().isConnected();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void forceClose() {
        try {
            if (session.socketContext() instanceof ConnectionContext cc) {
                cc.serverSocket().close();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "closing a stalled client's socket", e);
        }
        var w = writer;
        if (w != null) {
            w.interrupt();
        }
    }

    // ---- the writer -------------------------------------------------------------------------

    private void writeLoop() {
        boolean broken = false;
        try {
            long heartbeat = settings.heartbeat().toMillis();
            while (!ended.get()) {
                var item = queue.poll(heartbeat, TimeUnit.MILLISECONDS);
                if (item == null) {
                    session.ping(BufferData.empty()); // keeps the connection alive and finds a vanished client
                    continue;
                }
                switch (item) {
                    case Send s -> {
                        var e = s.event();
                        session.send(e instanceof Snapshot ? EventJson.write(e) : json.shared(e), true);
                        lastSent = e.seq();
                        framesWritten++;
                    }
                    case Reply r -> {
                        session.send(EventJson.write(r.factory().create(lastSent, clock.instant())), true);
                        framesWritten++;
                    }
                    case PongFrame p -> session.pong(p.data());
                    case Close c -> {
                        session.close(c.code(), c.reason());
                        closeSent = true;
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "stream client #" + id + ": writing failed; closing the connection", e);
            broken = true;
        } finally {
            if (broken && !closeSent) {
                forceClose(); // the client must see the end, or it would wait forever for events that never come
            }
            end();
        }
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            cut.set(true);
            queue.clear();
            owner.ended(this);
        }
    }

    long lastSent() {
        return lastSent;
    }

    String closeReason() {
        return closeReason;
    }
}
