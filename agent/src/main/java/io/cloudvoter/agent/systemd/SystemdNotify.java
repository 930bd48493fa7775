package io.cloudvoter.agent.systemd;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells systemd (a {@code Type=notify} unit) that the agent is ready, still healthy, or stopping,
 * through {@code systemd-notify}: Java cannot send the datagram to {@code $NOTIFY_SOCKET} itself.
 * {@code systemd-notify} waits until systemd has taken each message in, so the unit needs
 * {@code NotifyAccess=all} and nothing more. The watchdog ping is sent only while the agent's own
 * health check passes, so a wedged agent is killed and restarted by systemd.
 */
public final class SystemdNotify implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SystemdNotify.class.getName());

    private final String command;
    private final Duration watchdog;
    private ScheduledFuture<?> pings;
    private boolean unhealthyLogged;

    SystemdNotify(String command, Duration watchdog) {
        this.command = command;
        this.watchdog = watchdog;
    }

    /** Present when systemd started us as a notify service ({@code NOTIFY_SOCKET} is set). */
    public static Optional<SystemdNotify> fromEnvironment(Map<String, String> env) {
        if (env.get("NOTIFY_SOCKET") == null || env.get("NOTIFY_SOCKET").isBlank()) {
            return Optional.empty();
        }
        Duration watchdog = Duration.ZERO;
        var usec = env.get("WATCHDOG_USEC");
        var pid = env.get("WATCHDOG_PID");
        if (usec != null && (pid == null || pid.equals(Long.toString(ProcessHandle.current().pid())))) {
            try {
                watchdog = Duration.ofNanos(Long.parseLong(usec.trim()) * 1_000);
            } catch (NumberFormatException e) {
                LOG.warning("WATCHDOG_USEC='" + usec + "' is not a number; not sending watchdog pings");
            }
        }
        return Optional.of(new SystemdNotify(env.getOrDefault("CLOUDVOTER_SYSTEMD_NOTIFY", "systemd-notify"), watchdog));
    }

    /** READY=1 with a status line; then, when the unit has {@code WatchdogSec=}, pings at a third of it while {@code healthy}. */
    public void ready(String statusLine, ScheduledExecutorService timers, BooleanSupplier healthy) {
        send("READY=1", "STATUS=" + statusLine);
        if (!watchdog.isZero()) {
            long every = Math.max(1, watchdog.toMillis() / 3);
            pings = timers.scheduleWithFixedDelay(() -> ping(healthy), every, every, TimeUnit.MILLISECONDS);
            LOG.info(() -> "systemd watchdog: pinging every " + every + " ms while healthy");
        }
    }

    private void ping(BooleanSupplier healthy) {
        try {
            if (healthy.getAsBoolean()) {
                unhealthyLogged = false;
                send("WATCHDOG=1");
            } else if (!unhealthyLogged) {
                unhealthyLogged = true;
                LOG.severe("The agent is unhealthy (see /api/health); no systemd watchdog ping, so systemd will restart it"
                        + " unless it recovers within " + watchdog.toSeconds() + "s");
            }
        } catch (Throwable t) {
            LOG.log(Level.WARNING, "systemd watchdog ping failed; trying again at the next one", t);
        }
    }

    /** STOPPING=1: systemd waits for the stop instead of reporting a hang. */
    public void stopping() {
        if (pings != null) {
            pings.cancel(false);
        }
        send("STOPPING=1", "STATUS=stopping");
    }

    void send(String... assignments) {
        var cmd = new ArrayList<String>(List.of(command));
        cmd.addAll(List.of(assignments));
        try {
            var p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.warning(command + " did not return within 10s");
            } else if (p.exitValue() != 0) {
                LOG.warning(command + " " + String.join(" ", assignments) + " exited with " + p.exitValue());
            }
        } catch (IOException e) {
            LOG.warning("cannot run " + command + " (" + e.getMessage() + "); systemd will not hear from the agent");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (pings != null) {
            pings.cancel(false);
        }
    }
}
