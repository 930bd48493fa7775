package io.cloudvoter.agent.stream;

import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;

/** Log level names as clients and config write them: java.util.logging's, plus the common aliases. */
public final class LogLevels {
    public static final String NAMES = "SEVERE/ERROR, WARNING/WARN, INFO, CONFIG, FINE/DEBUG, FINER, FINEST, ALL";

    private LogLevels() {
    }

    public static Optional<Level> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (name.strip().toUpperCase(Locale.ROOT)) {
            case "SEVERE", "ERROR" -> Level.SEVERE;
            case "WARNING", "WARN" -> Level.WARNING;
            case "INFO" -> Level.INFO;
            case "CONFIG" -> Level.CONFIG;
            case "FINE", "DEBUG" -> Level.FINE;
            case "FINER" -> Level.FINER;
            case "FINEST", "TRACE" -> Level.FINEST;
            case "ALL" -> Level.ALL;
            default -> null;
        });
    }

    /** The numeric value of a level name carried in a {@code LogLine}; unknown names count as INFO. */
    public static int value(String name) {
        return parse(name).orElse(Level.INFO).intValue();
    }
}
