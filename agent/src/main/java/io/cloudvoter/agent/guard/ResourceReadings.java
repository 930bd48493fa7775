package io.cloudvoter.agent.guard;

import io.cloudvoter.model.api.ResourceSample;

/** Where samples come from: the real machine ({@link ProcReadings}), or a test's fake readings. */
@FunctionalInterface
public interface ResourceReadings {
    /** One raw (unsmoothed) reading; fields that cannot be read are null. */
    ResourceSample read();
}
