package io.cloudvoter.desktop.notify;

import java.time.Instant;

/**
 * Something the operator should see: a command's answer, or an alert (a run failing repeatedly,
 * the guard acting, an agent disconnecting).
 *
 * @param agent the agent it is about (its profile name), or null
 * @param alert true for alerts, which also go to the OS notification area where there is one
 */
public record Notice(Instant time, Level level, String agent, String title, String text, boolean alert) {

    public enum Level {
        INFO, SUCCESS, WARNING, DANGER
    }

    public static Notice info(Instant time, String agent, String title, String text) {
        return new Notice(time, Level.INFO, agent, title, text, false);
    }

    public static Notice failure(Instant time, String agent, String title, String text) {
        return new Notice(time, Level.DANGER, agent, title, text, false);
    }

    public static Notice alert(Instant time, Level level, String agent, String title, String text) {
        return new Notice(time, level, agent, title, text, true);
    }
}
