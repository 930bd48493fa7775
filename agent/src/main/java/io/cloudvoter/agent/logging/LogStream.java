package io.cloudvoter.agent.logging;

import io.cloudvoter.agent.events.EventBus;
import io.cloudvoter.agent.threads.DaemonThreads;
import io.cloudvoter.model.api.LogLine;
import io.cloudvoter.model.events.LogEvent;

import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Pattern;

/**
 * The agent's log records as {@code log} events. A record is redacted, tagged with its instance (from
 * the {@code [instance <id>] } prefix) and queued; one thread publishes the queue, so logging never
 * waits for the bus and the bus never logs into itself. At most {@code ratePerSecond} lines a second
 * go out; the rest are counted, the count rides on the next line that goes out ({@link LogEvent#dropped()}),
 * or on a line of its own when none follows within a second.
 */
public final class LogStream extends Handler implements AutoCloseable {
    private static final Pattern INSTANCE = Pattern.compile("^\\[instance ([^\\]\\s]{1,64})] ");
    private static final int MAX_MESSAGE = 4000;

    private final EventBus bus;
    private final Redactor redactor;
    private final int ratePerSecond;
    private final ArrayBlockingQueue<LogLine> queue;
    private final AtomicLong pendingDrops = new AtomicLong();
    private final LongAdder dropped = new LongAdder();
    private final SimpleFormatter messages = new SimpleFormatter();
    private final Thread drain;
    private final Object bucketLock = new Object();
    private double tokens;
    private long refilledAt = System.nanoTime();
    private volatile boolean closed;
    private volatile Runnable uninstallRedaction = () -> {
    };

    public LogStream(EventBus bus, Redactor redactor, Level level, int ratePerSecond) {
        this.bus = bus;
        this.redactor = redactor;
        this.ratePerSecond = ratePerSecond;
        this.tokens = ratePerSecond;
        this.queue = new ArrayBlockingQueue<>(Math.max(16, ratePerSecond));
        setLevel(level);
        this.drain = DaemonThreads.named("cloudvoter-log-stream").newThread(this::drainLoop);
    }

    /**
     * Starts streaming every record of the JVM's root logger at or above the level, and redacts the
     * lines every other root handler writes (the console) the same way.
     */
    public LogStream attach() {
        drain.start();
        uninstallRedaction = RedactingFormatter.install(redactor, this);
        Logger.getLogger("").addHandler(this);
        return this;
    }

    @Override
    public void publish(LogRecord record) {
        if (closed || !isLoggable(record)) {
            return;
        }
        if (!take() || !queue.offer(line(record))) {
            pendingDrops.incrementAndGet();
            dropped.increment();
        }
    }

    private boolean take() {
        synchronized (bucketLock) {
            long now = System.nanoTime();
            tokens = Math.min(ratePerSecond, tokens + (now - refilledAt) / 1e9 * ratePerSecond);
            refilledAt = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }

    private LogLine line(LogRecord r) {
        String text = messages.formatMessage(r);
        if (r.getThrown() != null) {
            var t = r.getThrown();
            text = text + " (" + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": "
                    + t.getMessage().lines().findFirst().orElse("")) + ")";
        }
        String instance = null;
        if (text != null) {
            var m = INSTANCE.matcher(text);
            if (m.find()) {
                instance = m.group(1);
                text = text.substring(m.end());
            }
        }
        text = redactor.redact(text == null ? "" : text);
        if (text.length() > MAX_MESSAGE) {
            text = text.substring(0, MAX_MESSAGE) + "…";
        }
        return new LogLine(r.getInstant(), r.getLevel().getName(), LogFormat.shortName(r.getLoggerName()), instance, text);
    }

    private void drainLoop() {
        while (!closed) {
            try {
                var line = queue.poll(1, TimeUnit.SECONDS);
                long drops = pendingDrops.getAndSet(0);
                if (line != null) {
                    bus.publish((seq, time) -> new LogEvent(seq, time, line, drops));
                } else if (drops > 0) {
                    var note = new LogLine(Instant.now(), Level.WARNING.getName(), "LogStream", null,
                            drops + " log lines were not streamed: the agent logged more than " + ratePerSecond + " lines a second");
                    bus.publish((seq, time) -> new LogEvent(seq, time, note, drops));
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                // Never log from here: it would feed this very queue. The journal still has the line.
                System.err.println("cloudvoter: streaming a log line failed: " + t);
            }
        }
    }

    /** Lines not streamed because they came too fast, since the agent started. */
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Logger.getLogger("").removeHandler(this);
        uninstallRedaction.run();
        drain.interrupt();
        try {
            drain.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
