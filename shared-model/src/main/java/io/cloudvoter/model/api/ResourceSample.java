package io.cloudvoter.model.api;

import java.time.Instant;

/**
 * One reading of the resources the agent watches. Memory in bytes, CPU in percent of one machine
 * (all cores = 100). Fields the agent could not read are null.
 *
 * @param agentCpuPercent    the agent's JVM alone
 * @param agentPss           the agent's JVM alone (proportional set size)
 * @param browserPss         the Playwright driver and the whole Chromium tree under it
 * @param browserProcesses   how many processes that tree has
 * @param cgroupMemoryCurrent the agent's cgroup v2 {@code memory.current} (includes file cache)
 * @param cgroupMemoryMax    its {@code memory.max}; null when unlimited or not in a cgroup v2
 * @param cgroupWorkingSet   {@code memory.current} minus inactive file cache: what the kernel cannot
 *                           simply drop, and what the resource guard compares with {@code memory.max}
 *                           (added in protocol 1 without a version bump: older readers ignore it)
 * @param cgroupCpuPercent   the cgroup's CPU use in percent of its {@code cpu.max} quota; null when
 *                           there is no quota (added like {@code cgroupWorkingSet})
 */
public record ResourceSample(Instant time,
                             Double machineCpuPercent,
                             Long machineMemoryTotal,
                             Long machineMemoryAvailable,
                             Double agentCpuPercent,
                             Long agentPss,
                             Long browserPss,
                             Integer browserProcesses,
                             Long cgroupMemoryCurrent,
                             Long cgroupMemoryMax,
                             Long cgroupWorkingSet,
                             Double cgroupCpuPercent) {

    /** The original ten fields, for callers written before the cgroup working set and quota were added. */
    public ResourceSample(Instant time, Double machineCpuPercent, Long machineMemoryTotal, Long machineMemoryAvailable,
                          Double agentCpuPercent, Long agentPss, Long browserPss, Integer browserProcesses,
                          Long cgroupMemoryCurrent, Long cgroupMemoryMax) {
        this(time, machineCpuPercent, machineMemoryTotal, machineMemoryAvailable, agentCpuPercent, agentPss, browserPss,
                browserProcesses, cgroupMemoryCurrent, cgroupMemoryMax, null, null);
    }
}
