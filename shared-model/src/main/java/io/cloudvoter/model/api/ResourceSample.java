package io.cloudvoter.model.api;

import java.time.Instant;

/**
 * One reading of the resources the agent watches. Memory in bytes, CPU in percent of one machine
 * (all cores = 100). Fields the agent could not read are null.
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
                             Long cgroupMemoryMax) {
}
