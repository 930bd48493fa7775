package io.cloudvoter.agent.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/** One line per record for the journal: time, level, short logger name, message (and a stack trace when there is one). */
public final class LogFormat extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    @Override
    public String format(LogRecord r) {
        var sb = new StringBuilder(160)
                .append(TIME.format(r.getInstant())).append(' ')
                .append(String.format("%-7s", r.getLevel().getName())).append(' ')
                .append('[').append(shortName(r.getLoggerName())).append("] ")
                .append(formatMessage(r)).append(System.lineSeparator());
        if (r.getThrown() != null) {
            var sw = new StringWriter();
            r.getThrown().printStackTrace(new PrintWriter(sw));
            sb.append(sw);
        }
        return sb.toString();
    }

    static String shortName(String logger) {
        if (logger == null) {
            return "-";
        }
        int dot = logger.lastIndexOf('.');
        return dot < 0 ? logger : logger.substring(dot + 1);
    }
}
