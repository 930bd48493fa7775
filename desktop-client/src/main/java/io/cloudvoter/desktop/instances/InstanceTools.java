package io.cloudvoter.desktop.instances;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the instances table needs from the window around it for adding, changing and removing
 * instances and for capturing a login.
 *
 * @param flows        the names of the flows loaded now, for the forms' choice
 * @param secretNames  the names of an instance's secrets already set (their values are never read back)
 * @param captureLogin opens "Capture login…" for an instance
 */
public record InstanceTools(InstanceChanges changes, Supplier<List<String>> flows, Function<InstanceRow, List<String>> secretNames,
                            Consumer<InstanceRow> captureLogin) {
}
