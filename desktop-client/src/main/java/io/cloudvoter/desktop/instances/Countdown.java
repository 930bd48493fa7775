package io.cloudvoter.desktop.instances;

import io.cloudvoter.model.api.InstanceState;

import java.time.Duration;
import java.time.Instant;

/** What the "next run" column says: a countdown while scheduled or paused, the reason otherwise. */
public final class Countdown {
    private Countdown() {
    }

    public static String describe(InstanceState state, Instant nextRunAt, Instant pausedUntil, Instant now) {
        if (state == null) {
            return "";
        }
        return switch (state) {
            case RUNNING -> "running now";
            case QUEUED -> "due — waiting for a slot";
            case DISABLED -> "disabled";
            case STOPPED -> "monitoring stopped";
            case INVALID -> "flow invalid";
            case PAUSED -> pausedUntil == null ? "rate limited" : "rate limited, " + in(pausedUntil, now);
            case SCHEDULED -> nextRunAt == null ? "not planned" : in(nextRunAt, now);
        };
    }

    /** "in 7 s", "in 2 m 05 s", "in 1 h 03 m", "in 2 d 4 h"; "due" once the time has come. */
    public static String in(Instant when, Instant now) {
        long s = (long) Math.ceil(Duration.between(now, when).toMillis() / 1000.0);
        if (s <= 0) {
            return "due";
        }
        return "in " + span(s);
    }

    static String span(long s) {
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " m " + String.format("%02d", s % 60) + " s";
        }
        if (s < 86_400) {
            return s / 3600 + " h " + String.format("%02d", s % 3600 / 60) + " m";
        }
        return s / 86_400 + " d " + s % 86_400 / 3600 + " h";
    }
}
