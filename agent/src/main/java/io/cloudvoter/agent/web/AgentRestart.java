package io.cloudvoter.agent.web;

import java.util.Optional;

/**
 * An operator's "restart the agent": a graceful stop with an exit code the supervisor restarts on.
 * Only offered when something will start the agent again — under systemd ({@code INVOCATION_ID} is
 * set for every service) or when the operator says so ({@code CLOUDVOTER_SUPERVISED=true}, e.g. a
 * container with a restart policy); otherwise a restart would simply be a stop.
 */
public interface AgentRestart {

    /** Empty when a restart is possible; otherwise why not, in words. */
    Optional<String> refusal();

    /** Starts the graceful stop; returns at once. */
    void restart(String reason);

    static String unsupervisedReason() {
        return "this agent is not run by a supervisor that would start it again (systemd sets INVOCATION_ID;"
                + " for another supervisor set CLOUDVOTER_SUPERVISED=true); stop and start it yourself";
    }
}
