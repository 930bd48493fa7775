package io.cloudvoter.agent.guard;

import io.cloudvoter.model.api.ResourceSample;

import java.time.Instant;

/** Fake readings for the guard's tests: a calm 1 GB machine that each test pushes in one direction. */
final class Samples {
    static final long MB = 1024 * 1024;
    static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    private Samples() {
    }

    /** 1 GB machine, 600 MB available, agent 60 MB + browser 300 MB, 10% CPU, no cgroup limit. */
    static ResourceSample calm() {
        return new ResourceSample(T, 10.0, 1024 * MB, 600 * MB, 2.0, 60 * MB, 300 * MB, 6, null, null, null, null);
    }

    static ResourceSample available(double mb) {
        var s = calm();
        return new ResourceSample(T, s.machineCpuPercent(), s.machineMemoryTotal(), Math.round(mb * MB), s.agentCpuPercent(),
                s.agentPss(), s.browserPss(), s.browserProcesses(), null, null, null, null);
    }

    /** The agent tree at {@code mb} in total: 60 MB JVM, the rest browser. */
    static ResourceSample agentTree(double mb) {
        var s = calm();
        return new ResourceSample(T, s.machineCpuPercent(), s.machineMemoryTotal(), s.machineMemoryAvailable(),
                s.agentCpuPercent(), 60 * MB, Math.round(mb * MB) - 60 * MB, 6, null, null, null, null);
    }

    /** A cgroup limited to {@code limitMb} whose working set is {@code mb} (memory.current 50 MB higher: file cache). */
    static ResourceSample cgroup(double mb, long limitMb) {
        var s = calm();
        long ws = Math.round(mb * MB);
        return new ResourceSample(T, s.machineCpuPercent(), s.machineMemoryTotal(), 4096 * MB, s.agentCpuPercent(),
                s.agentPss(), s.browserPss(), 6, ws + 50 * MB, limitMb * MB, ws, null);
    }

    static ResourceSample cpu(double percent) {
        var s = calm();
        return new ResourceSample(T, percent, s.machineMemoryTotal(), s.machineMemoryAvailable(), s.agentCpuPercent(),
                s.agentPss(), s.browserPss(), 6, null, null, null, null);
    }
}
