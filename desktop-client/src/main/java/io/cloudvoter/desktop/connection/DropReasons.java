package io.cloudvoter.desktop.connection;

import io.cloudvoter.model.events.CloseCodes;

import java.util.concurrent.CompletionException;

/** Why a link to an agent ended, in the operator's words, and whether the token was the reason. */
final class DropReasons {
    private DropReasons() {
    }

    /** What a close code means for the operator; every one but 4001 is followed by a reconnect. */
    static String ofClose(int code, String reason) {
        String said = reason == null || reason.isBlank() ? "" : ": " + reason;
        return switch (code) {
            case 1000 -> "the agent closed the connection";
            case 1001 -> "the agent is stopping (1001)";
            case CloseCodes.TOO_SLOW -> "the agent cut the link: this client fell behind (4000)";
            case 1009 -> "a frame was over the size limit (1009)";
            case 1006 -> "the connection was lost (1006)";
            default -> "connection closed (" + code + said + ")";
        };
    }

    /**
     * Whether the agent was there to close the link: it cut a slow client (4000), refused a frame (1009) or
     * closed normally, and is still running. A stopping agent (1001) or a lost connection (1006) is not.
     */
    static boolean agentStaysUp(int code) {
        return code == CloseCodes.TOO_SLOW || code == 1009 || code == 1000 || code == 1008 || code == 1011;
    }

    /** Whether a failed attempt got an HTTP answer from the agent (a refused upgrade, an error status). */
    static boolean agentAnswered(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof EventStream.RefusedException || t instanceof ApiException a && a.status() > 0) {
                return true;
            }
        }
        return false;
    }

    /** A 401 on the upgrade, or on the status call made before resuming. */
    static boolean tokenRefused(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof EventStream.RefusedException r && r.status() == 401
                    || t instanceof ApiException a && a.unauthorized()) {
                return true;
            }
        }
        return false;
    }

    static String of(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof CompletionException)) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
