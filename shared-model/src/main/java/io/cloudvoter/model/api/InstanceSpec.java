package io.cloudvoter.model.api;

import java.time.Duration;

/**
 * An instance as an operator defines it (config file or {@code POST /api/instances}).
 *
 * @param id       unique, also a file name: letters, digits, '.', '_' and '-', at most 64
 * @param flow     name of a loaded flow
 * @param cooldown time from the end of one run to the start of the next; null means the flow's cooldown
 * @param enabled  null means true
 */
public record InstanceSpec(String id, String flow, Duration cooldown, Boolean enabled) {
}
