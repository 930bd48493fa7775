package io.cloudvoter.agent.browser;

import io.cloudvoter.agent.proc.SystemFiles;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Kills what a dead agent of this data dir left running: Chromium processes launched with this
 * data dir's marker switch, and Playwright drivers running from its driver folder, with everything
 * under them. A dead agent's Chromium usually exits with its driver; one that hung does not, and
 * would hold its memory for good.
 * <p>
 * Safe by construction: only one live agent may use a data dir (the data dir lock), every process
 * this JVM started is skipped, and other agents' browsers carry their own data dir in the marker.
 */
final class ChromiumReaper {
    private static final Logger LOG = Logger.getLogger(ChromiumReaper.class.getName());

    private final String marker;
    private final String driverPrefix;
    private final SystemFiles files = SystemFiles.host();

    ChromiumReaper(Path driverTmp) {
        this.marker = marker(driverTmp);
        this.driverPrefix = driverTmp.toAbsolutePath() + "/playwright-java-";
    }

    /** The switch every Chromium of this data dir is launched with; Chromium ignores switches it does not know. */
    static String marker(Path driverTmp) {
        return "--cloudvoter-agent=" + driverTmp.toAbsolutePath();
    }

    /** Kills the leftovers and returns their PIDs. */
    List<Long> reap() {
        var self = ProcessHandle.current();
        Set<Long> own = self.descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        own.add(self.pid());
        Map<Long, ProcessHandle> doomed = new LinkedHashMap<>();
        ProcessHandle.allProcesses()
                .filter(p -> !own.contains(p.pid()))
                .filter(p -> leftover(files.commandLine(p.pid())))
                // A browser worker may launch its Chromium while this sweep runs: a process that
                // appeared after the snapshot above is still ours if this JVM is among its ancestors.
                .filter(p -> !descendsFrom(p, self.pid()))
                .forEach(p -> {
                    doomed.put(p.pid(), p);
                    p.descendants().forEach(d -> doomed.put(d.pid(), d));
                });
        if (doomed.isEmpty()) {
            return List.of();
        }
        doomed.values().forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        for (var p : doomed.values()) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                p.onExit().completeOnTimeout(p, left, TimeUnit.NANOSECONDS).join();
            }
        }
        var pids = List.copyOf(doomed.keySet());
        LOG.warning(() -> "Reaped " + pids.size() + " Chromium/driver process(es) left by an earlier agent of this data dir: " + pids);
        return pids;
    }

    /** Whether {@code pid} is among the ancestors of {@code p} (a dead agent's orphans are re-parented away from us). */
    static boolean descendsFrom(ProcessHandle p, long pid) {
        var at = p.parent();
        for (int depth = 0; at.isPresent() && depth < 64; depth++) {
            if (at.get().pid() == pid) {
                return true;
            }
            at = at.get().parent();
        }
        return false;
    }

    boolean leftover(String commandLine) {
        if (commandLine == null) {
            return false;
        }
        return commandLine.startsWith(driverPrefix)
                || (" " + commandLine + " ").contains(" " + marker + " ");
    }
}
