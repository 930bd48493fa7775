package io.cloudvoter.agent.logging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Puts the agent's {@link Redactor} in front of every other handler of the JVM's root logger (the
 * console, so the journal, and any file an operator configured), so a line carries the same
 * {@code [redacted]} there as on {@code /ws}: the whole formatted line, stack trace included.
 * Several agents in one JVM (tests) each add their own redactor; one that stops takes only its own
 * away.
 */
final class RedactingFormatter extends Formatter {
    private final Formatter inner;
    private final List<Redactor> redactors = new CopyOnWriteArrayList<>();

    private RedactingFormatter(Formatter inner) {
        this.inner = inner;
    }

    @Override
    public String format(LogRecord record) {
        String line = inner.format(record);
        for (var r : redactors) {
            line = r.redact(line);
        }
        return line;
    }

    @Override
    public String getHead(Handler h) {
        return inner.getHead(h);
    }

    @Override
    public String getTail(Handler h) {
        return inner.getTail(h);
    }

    /** Adds {@code redactor} to every root handler but {@code except}; the returned action takes it away again. */
    static Runnable install(Redactor redactor, Handler except) {
        var installed = new java.util.ArrayList<RedactingFormatter>();
        for (var handler : Logger.getLogger("").getHandlers()) {
            if (handler == except) {
                continue;
            }
            synchronized (handler) {
                var current = handler.getFormatter();
                RedactingFormatter redacting;
                if (current instanceof RedactingFormatter rf) {
                    redacting = rf;
                } else {
                    redacting = new RedactingFormatter(current == null ? new LogFormat() : current);
                    handler.setFormatter(redacting);
                }
                redacting.redactors.add(redactor);
                installed.add(redacting);
            }
        }
        return () -> installed.forEach(f -> f.redactors.remove(redactor));
    }
}
