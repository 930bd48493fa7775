package io.cloudvoter.agent.logging;

import java.util.logging.LogManager;

/**
 * The JDK's LogManager closes every handler from its own shutdown hook, so whatever the agent logs
 * while it stops (runs interrupted, browser closed) would be lost. This one keeps logging until the
 * agent's own shutdown says it is done.
 */
public final class AgentLogManager extends LogManager {
    private static volatile AgentLogManager instance;
    private volatile boolean agentStopped;

    public AgentLogManager() {
        instance = this;
    }

    @Override
    public void reset() {
        if (agentStopped) {
            super.reset();
        }
    }

    /** Called last by the agent's shutdown: logging may close now. */
    public static void agentStopped() {
        var m = instance;
        if (m != null) {
            m.agentStopped = true;
            m.reset();
        }
    }
}
