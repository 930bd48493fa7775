package io.cloudvoter.model.api;

import java.time.Instant;

/**
 * The shared browser.
 *
 * @param state       {@code STOPPED}, {@code STARTING}, {@code UP} or {@code FAILED}
 * @param detail      why it failed, when it did
 * @param restarts    relaunches since the agent started (crash or recycle)
 * @param runsSinceLaunch runs served by the current process
 */
public record BrowserStatus(String state, String executable, String version, String detail,
                            Instant launchedAt, long restarts, long runsSinceLaunch) {
}
