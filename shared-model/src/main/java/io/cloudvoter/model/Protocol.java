package io.cloudvoter.model;

/** Version of the wire protocol shared by the agent and its clients. */
public final class Protocol {
    /** Bumped when a change would break an older client; additive fields do not bump it. */
    public static final int VERSION = 1;

    private Protocol() {
    }
}
