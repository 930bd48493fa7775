package io.cloudvoter.model.api;

import java.time.Instant;

/**
 * One alert, as the agent's rules raised it.
 *
 * @param key           what it is about, stable across repeats: {@code failures-in-a-row:instance:poll-1},
 *                      {@code success-rate:flow:demo-vote}, {@code browser-down}...
 * @param rule          the rule that raised it ({@code failures-in-a-row}, {@code guard}...)
 * @param message       the latest word on it; on a resolved alert, why it resolved
 * @param instanceId    the instance it is about, if one
 * @param flow          the flow it is about, if one
 * @param notifiedAt    when a notification was last due (sent or muted)
 * @param notifications notifications sent to channels (muted ones not counted)
 * @param muted         why the latest notification was not sent (a mute or a maintenance window), or null
 */
public record Alert(long id,
                    String key,
                    String rule,
                    AlertSeverity severity,
                    AlertState state,
                    String message,
                    String instanceId,
                    String flow,
                    Instant openedAt,
                    Instant updatedAt,
                    Instant resolvedAt,
                    Instant notifiedAt,
                    int notifications,
                    String muted) {
}
