package io.cloudvoter.agent.schedule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether monitoring is on. Kept as a marker file in the data dir, so an operator who stopped
 * monitoring finds it still stopped after the agent restarts (systemd restarts it unattended).
 */
public final class MonitoringSwitch {
    private final Path stoppedMarker;
    private volatile boolean on;

    public MonitoringSwitch(Path dataDir) {
        this.stoppedMarker = dataDir.resolve("monitoring-stopped");
        this.on = !Files.exists(stoppedMarker);
    }

    public boolean isOn() {
        return on;
    }

    /** Turns it on or off in memory; {@link #record} keeps it for the next start. */
    void turn(boolean on) {
        this.on = on;
    }

    /** Writes (or removes) the marker file; a failure leaves the switch as turned, for this run of the agent only. */
    void record(boolean on) {
        try {
            if (on) {
                Files.deleteIfExists(stoppedMarker);
            } else {
                Files.writeString(stoppedMarker, "monitoring stopped by the operator\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the monitoring switch in " + stoppedMarker, e);
        }
    }
}
