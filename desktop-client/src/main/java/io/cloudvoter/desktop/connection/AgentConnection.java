package io.cloudvoter.desktop.connection;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cloudvoter.desktop.concurrent.UiExecutor;
import io.cloudvoter.desktop.connection.ConnectionStatus.Phase;
import io.cloudvoter.model.Json;
import io.cloudvoter.model.api.AgentInfo;
import io.cloudvoter.model.events.AgentEvent;
import io.cloudvoter.model.events.ClientMessage;
import io.cloudvoter.model.events.CloseCodes;
import io.cloudvoter.model.events.ErrorEvent;
import io.cloudvoter.model.events.Pong;
import io.cloudvoter.model.events.Snapshot;
import io.cloudvoter.model.events.UnknownEvent;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The live link to one agent's {@code /ws}: connect, apply events in order, and when the link drops,
 * reconnect with backoff and resume after the last event seen ({@code ?since=SEQ}). Before resuming it
 * asks {@code /api/status} whether it is still the same agent process; if the agent restarted, its
 * sequence numbers started over, so it connects afresh and takes the snapshot instead.
 * <p>
 * A refused token (a 401, or close code 4001 after the agent's token was rotated) stops the retries:
 * retrying with the same token cannot work, and every wrong try counts towards the agent's lockout of
 * this address. The link then waits in {@link Phase#NEEDS_TOKEN} until the operator gives the new token
 * (a new connection with the updated profile) or {@link #open()} is called again.
 * <p>
 * Frames are parsed on the socket's thread and handed to the FX thread in batches (one hop per
 * burst, not one per event); everything else here runs on the FX thread.
 */
public final class AgentConnection implements Liveness {
    private static final Logger LOG = Logger.getLogger(AgentConnection.class.getName());
    static final Duration PING_EVERY = Duration.ofSeconds(15);
    static final Duration SILENCE_LIMIT = Duration.ofSeconds(45);
    /** While the agent cannot be reached, how often its health endpoint is asked whether it is back. */
    static final Duration HEALTH_PROBE_EVERY = Duration.ofSeconds(1);
    public static final String TOKEN_ROTATED = "the token was rotated (4001)";
    public static final String TOKEN_REJECTED = "the agent rejected the token (401)";
    private static final int MAX_BATCH = 2_000;

    private final Profile profile;
    private final EventStream stream;
    private final Callable<AgentInfo> whoIsThere;
    private final Callable<Boolean> answersHealth;
    private final UiExecutor executor;
    private final Backoff backoff;
    private final Clock clock;
    private final Consumer<List<AgentEvent>> sink;
    private final ReadOnlyObjectWrapper<ConnectionStatus> status;
    private final ReadOnlyBooleanWrapper live = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper retrying = new ReadOnlyBooleanWrapper();
    private final ConcurrentLinkedQueue<Frame> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainQueued = new AtomicBoolean();

    private int generation;
    private long lastSeq;
    private AgentInfo agent;
    private Instant lastFrameAt;
    private EventStream.Session session;
    private UiExecutor.Cancellable retryTimer = UiExecutor.Cancellable.NONE;
    private UiExecutor.Cancellable heartbeat = UiExecutor.Cancellable.NONE;
    private UiExecutor.Cancellable healthProbe = UiExecutor.Cancellable.NONE;
    private boolean probing;
    /** The health shortcut is taken once per outage: an agent that answers health but not the stream waits its backoff. */
    private boolean shortcutTaken;
    private boolean closed;

    private record Frame(int generation, AgentEvent event) {
    }

    /**
     * @param whoIsThere blocking: asks the agent who it is now (production: {@code GET /api/status}), so a
     *                   resume is only tried against the same agent process
     * @param answersHealth blocking: whether the agent answers its health endpoint at all (no token needed);
     *                   asked every second while the agent cannot be reached, so that its return is noticed
     *                   at once instead of after the rest of a long backoff
     * @param sink       receives each batch of new events on the FX thread
     */
    public AgentConnection(Profile profile, EventStream stream, Callable<AgentInfo> whoIsThere, Callable<Boolean> answersHealth,
                           UiExecutor executor, Backoff backoff, Clock clock, Consumer<List<AgentEvent>> sink) {
        this.profile = profile;
        this.stream = stream;
        this.whoIsThere = whoIsThere;
        this.answersHealth = answersHealth;
        this.executor = executor;
        this.backoff = backoff;
        this.clock = clock;
        this.sink = sink;
        this.status = new ReadOnlyObjectWrapper<>(new ConnectionStatus(Phase.CLOSED, null, clock.instant(), null, 0, null));
    }

    @Override
    public ReadOnlyObjectProperty<ConnectionStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    @Override
    public ReadOnlyBooleanProperty liveProperty() {
        return live.getReadOnlyProperty();
    }

    @Override
    public ReadOnlyBooleanProperty retryingProperty() {
        return retrying.getReadOnlyProperty();
    }

    @Override
    public void retryNow() {
        if (!closed && status.get().phase() == Phase.RETRYING) {
            LOG.info(() -> profile.name() + ": retrying now");
            backoff.reset();
            connect();
        }
    }

    public ConnectionStatus status() {
        return status.get();
    }

    public Profile profile() {
        return profile;
    }

    /** The seq of the last stream event applied (0 before the first snapshot). */
    public long lastSeq() {
        return lastSeq;
    }

    /** Starts connecting (again, after {@link #close()} too). */
    public void open() {
        closed = false;
        connect();
    }

    /** Drops the link and stops reconnecting. */
    public void close() {
        closed = true;
        generation++;
        retryTimer.cancel();
        heartbeat.cancel();
        healthProbe.cancel();
        closeSession();
        setStatus(Phase.CLOSED, null, null);
    }

    /** Sends a client frame ({@code ping}, {@code subscribe}); dropped silently while disconnected. */
    public void send(ClientMessage message) {
        var target = session;
        if (target == null) {
            return;
        }
        executor.background(() -> {
            target.send(Json.mapper().writeValueAsString(message));
            return null;
        }, ignored -> { }, e -> LOG.fine(() -> profile.name() + ": sending " + message + " failed: " + e));
    }

    private void connect() {
        retryTimer.cancel();
        healthProbe.cancel();
        int gen = ++generation;
        setStatus(Phase.CONNECTING, status.get().detail(), null);
        long resumeAfter = lastSeq;
        AgentInfo knownAgent = agent;
        executor.background(() -> {
            long since = resumeAfter > 0 && knownAgent != null && sameAgent(knownAgent) ? resumeAfter : 0;
            return stream.open(profile.eventsUri(since), profile.token(), listener(gen));
        }, opened -> {
            if (gen != generation || closed) {
                opened.close();
                return;
            }
            session = opened;
            LOG.info(() -> profile.name() + ": event stream open"
                    + (opened.subprotocol().isEmpty() ? "" : " (subprotocol " + opened.subprotocol() + ")"));
            lastFrameAt = clock.instant();
            backoff.reset();
            shortcutTaken = false;
            setStatus(Phase.CONNECTED, null, null);
            heartbeat.cancel();
            heartbeat = executor.every(PING_EVERY, () -> checkAlive(gen));
        }, error -> {
            if (gen == generation && !closed) {
                if (DropReasons.tokenRefused(error)) {
                    needsToken(TOKEN_REJECTED);
                } else {
                    retry(DropReasons.of(error), DropReasons.agentAnswered(error));
                }
            }
        });
    }

    /** Blocking: asks the agent who it is, to know whether a resume makes sense. */
    private boolean sameAgent(AgentInfo known) throws Exception {
        var now = whoIsThere.call();
        boolean same = now != null && now.pid() == known.pid() && Objects.equals(now.startedAt(), known.startedAt());
        if (!same) {
            LOG.info(() -> profile.name() + ": the agent restarted since the last event; taking a fresh snapshot");
        }
        return same;
    }

    private EventStream.Listener listener(int gen) {
        return new EventStream.Listener() {
            @Override
            public void onText(String text) {
                AgentEvent event;
                try {
                    event = Json.mapper().readValue(text, AgentEvent.class);
                } catch (JsonProcessingException e) {
                    LOG.warning(profile.name() + ": skipped a frame that is not an event (" + e.getOriginalMessage() + ")");
                    return;
                }
                inbox.add(new Frame(gen, event));
                if (drainQueued.compareAndSet(false, true)) {
                    executor.ui(AgentConnection.this::drain);
                }
            }

            @Override
            public void onClose(int code, String reason) {
                if (code == CloseCodes.TOKEN_ROTATED) {
                    executor.ui(() -> {
                        if (gen == generation && !closed) {
                            needsToken(TOKEN_ROTATED);
                        }
                    });
                    return;
                }
                String why = DropReasons.ofClose(code, reason);
                boolean answered = DropReasons.agentStaysUp(code);
                executor.ui(() -> dropped(gen, why, answered));
            }

            @Override
            public void onError(Throwable error) {
                executor.ui(() -> dropped(gen, DropReasons.of(error), false));
            }
        };
    }

    /** On the FX thread: applies what arrived since the last drain, in order, skipping replays. */
    private void drain() {
        drainQueued.set(false);
        var batch = new ArrayList<AgentEvent>();
        Frame frame;
        while (batch.size() < MAX_BATCH && (frame = inbox.poll()) != null) {
            if (frame.generation() != generation || closed) {
                continue;
            }
            lastFrameAt = clock.instant();
            var event = frame.event();
            if (event instanceof Snapshot s) {
                lastSeq = s.seq();
                agent = s.agent();
                batch.add(s);
            } else if (event instanceof ErrorEvent e) {
                LOG.warning(profile.name() + ": the agent refused a frame: " + e.code() + ": " + e.message());
            } else if (!(event instanceof Pong) && event.seq() > lastSeq) {
                lastSeq = event.seq();
                if (!(event instanceof UnknownEvent)) {
                    batch.add(event);
                }
            }
        }
        if (!inbox.isEmpty() && drainQueued.compareAndSet(false, true)) {
            executor.ui(this::drain);
        }
        if (!batch.isEmpty()) {
            sink.accept(batch);
        }
    }

    private void checkAlive(int gen) {
        if (gen != generation || session == null) {
            return;
        }
        if (Duration.between(lastFrameAt, clock.instant()).compareTo(SILENCE_LIMIT) > 0) {
            closeSession();
            dropped(gen, "no answer from the agent for " + SILENCE_LIMIT.toSeconds() + " s", false);
            return;
        }
        send(new ClientMessage.Ping(Long.toString(clock.millis())));
    }

    private void dropped(int gen, String why, boolean agentAnswered) {
        if (gen != generation || closed) {
            return;
        }
        generation++;
        heartbeat.cancel();
        closeSession();
        retry(why, agentAnswered);
    }

    /** Stops trying with this token: the link waits for the operator. */
    private void needsToken(String why) {
        generation++;
        retryTimer.cancel();
        heartbeat.cancel();
        healthProbe.cancel();
        closeSession();
        LOG.warning(profile.name() + ": " + why);
        setStatus(Phase.NEEDS_TOKEN, why, null);
    }

    /**
     * Plans the next attempt after the backoff. When the agent could not be reached at all (it stopped, the
     * network or tunnel is down), its health endpoint is asked every second meanwhile, and its first answer
     * starts the attempt at once. An agent that answered (refused the upgrade, locked the address out) is
     * left alone for the whole backoff: asking again sooner would only add to its load or its lockout.
     */
    private void retry(String why, boolean agentAnswered) {
        Duration delay = backoff.next();
        setStatus(Phase.RETRYING, why, clock.instant().plus(delay));
        retryTimer = executor.schedule(delay, () -> {
            if (!closed) {
                connect();
            }
        });
        healthProbe.cancel();
        if (!agentAnswered && !shortcutTaken) {
            int gen = generation;
            healthProbe = executor.every(HEALTH_PROBE_EVERY, () -> probeHealth(gen));
        }
    }

    private void probeHealth(int gen) {
        if (gen != generation || closed || probing || status.get().phase() != Phase.RETRYING) {
            return;
        }
        probing = true;
        executor.background(answersHealth, up -> {
            probing = false;
            if (Boolean.TRUE.equals(up) && gen == generation && !closed && status.get().phase() == Phase.RETRYING) {
                LOG.info(() -> profile.name() + ": the agent answers its health endpoint again; reconnecting now");
                shortcutTaken = true;
                backoff.reset();
                connect();
            }
        }, e -> probing = false);
    }

    private void closeSession() {
        var s = session;
        session = null;
        if (s != null) {
            executor.background(() -> {
                s.close();
                return null;
            }, ignored -> { }, ignored -> { });
        }
    }

    private void setStatus(Phase phase, String detail, Instant retryAt) {
        var old = status.get();
        Instant since = old.phase() == phase ? old.since() : clock.instant();
        Instant lastLive = phase == Phase.CONNECTED || old.phase() == Phase.CONNECTED ? clock.instant() : old.lastLive();
        status.set(new ConnectionStatus(phase, detail, since, retryAt, backoff.attempts(), lastLive));
        live.set(phase == Phase.CONNECTED);
        retrying.set(phase == Phase.RETRYING);
    }
}
