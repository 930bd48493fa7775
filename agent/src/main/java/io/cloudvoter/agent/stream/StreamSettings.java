package io.cloudvoter.agent.stream;

import io.cloudvoter.agent.config.SectionReader;
import io.cloudvoter.agent.events.StreamState;

import java.time.Duration;
import java.util.logging.Level;

/**
 * The {@code cloudvoter.stream} section: how much the event stream keeps and how long it waits.
 *
 * @param replay        events kept for clients that reconnect with {@code ?since=}
 * @param clientQueue   events that may wait for one client before it is cut as too slow
 * @param stallGrace    how long a cut client's socket may stay blocked before it is closed under it
 * @param heartbeat     idle time after which the agent pings a client (keeps it alive, finds dead ones)
 * @param maxFrame      the largest frame a client may send, in characters
 * @param snapshotLimits how many recent logs, resource samples and guard actions a snapshot carries
 * @param logLevel      the lowest level of agent log records streamed as {@code log} events
 * @param logRate       log lines streamed per second at most; the rest are counted and reported
 */
public record StreamSettings(int replay, int clientQueue, Duration stallGrace, Duration heartbeat, int maxFrame,
                             StreamState.Limits snapshotLimits, Level logLevel, int logRate) {

    public static final StreamSettings DEFAULT = new StreamSettings(1024, 2048, Duration.ofSeconds(5),
            Duration.ofSeconds(30), 16 * 1024, StreamState.Limits.DEFAULT, Level.INFO, 200);

    /** Replays longer than this get a snapshot instead, so a replay always fits in a fresh queue. */
    public int maxReplay() {
        return Math.min(replay, clientQueue - 16);
    }

    /** Reads {@code cloudvoter.stream}; wrong values go to the reader's problem list. */
    public static StreamSettings read(SectionReader r) {
        var d = DEFAULT;
        int replay = r.integer("replay", d.replay(), 16, 1_000_000);
        int queue = r.integer("client-queue", d.clientQueue(), 64, 1_000_000);
        var stall = r.duration("stall-grace", d.stallGrace(), Duration.ofMillis(100), Duration.ofMinutes(5));
        var heartbeat = r.duration("heartbeat", d.heartbeat(), Duration.ofSeconds(1), Duration.ofMinutes(4));
        int maxFrame = r.integer("max-frame", d.maxFrame(), 256, 512 * 1024);
        var limits = new StreamState.Limits(
                r.integer("recent-logs", d.snapshotLimits().logs(), 0, 10_000),
                r.integer("recent-resources", d.snapshotLimits().resources(), 0, 10_000),
                r.integer("recent-guard-actions", d.snapshotLimits().guardActions(), 0, 10_000));
        Level level = d.logLevel();
        var levelText = r.text("log-level");
        if (levelText.isPresent()) {
            level = LogLevels.parse(levelText.get()).orElse(null);
            if (level == null) {
                r.problem("log-level", "'" + levelText.get() + "' is not a level (" + LogLevels.NAMES + ")");
                level = d.logLevel();
            }
        }
        int rate = r.integer("log-rate", d.logRate(), 1, 100_000);
        return new StreamSettings(replay, queue, stall, heartbeat, maxFrame, limits, level, rate);
    }
}
