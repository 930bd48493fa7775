package io.cloudvoter.agent.config;

import io.cloudvoter.model.api.InstanceSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The agent's settings, read once at start from the operator's file and the environment, every
 * section in one pass ({@link ConfigLoader}); the defaults are in the readers, and {@code agent.yaml}
 * documents them (a test holds the two together).
 *
 * @param chromium          executable; empty means Debian's chromium-headless-shell, then chromium
 * @param token             fixed token from {@code CLOUDVOTER_TOKEN}; empty means the generated one in the data dir
 * @param maxConcurrentRuns runs in flight at once; 0 ({@code auto}) means what memory and the browser nodes allow
 * @param rateLimitPause    how long a target pauses after a rate limit when the page gives no retry time
 * @param failureBackoffMax runs failing in a row stretch an instance's cooldown up to this; zero = never
 * @param retention         how long and how many runs the history keeps
 * @param supervised        something starts the agent again after it stops (systemd, or the operator says so)
 * @param stopGrace         how long runs in flight get at a stop (SIGTERM, a restart, {@link io.cloudvoter.agent.Agent#close()})
 * @param sections          the feature sections: guard, browser, stream, health, auth, http, tls, alerts, demo
 */
public record AgentConfig(String name,
                          String bind,
                          int port,
                          Path dataDir,
                          Path flowsDir,
                          Optional<Path> chromium,
                          Optional<String> token,
                          int maxConcurrentRuns,
                          Duration rateLimitPause,
                          Duration failureBackoffMax,
                          Duration tickInterval,
                          Retention retention,
                          List<InstanceSpec> instances,
                          boolean demo,
                          boolean supervised,
                          Duration stopGrace,
                          Sections sections) {

    public AgentConfig {
        instances = List.copyOf(instances);
    }

    /** History limits: rows older than {@code maxAge} or beyond the newest {@code maxRuns} are deleted. */
    public record Retention(Duration maxAge, long maxRuns) {
    }

    public Path stateDir() {
        return dataDir.resolve("state");
    }

    public Path artifactsDir() {
        return dataDir.resolve("artifacts");
    }

    public Path databaseFile() {
        return dataDir.resolve("cloudvoter.db");
    }

    public Path tokenFile() {
        return dataDir.resolve("token");
    }

    /** The same settings with the demo target and demo instances switched on. */
    public AgentConfig withDemo(boolean on) {
        return new AgentConfig(name, bind, port, dataDir, flowsDir, chromium, token, maxConcurrentRuns, rateLimitPause,
                failureBackoffMax, tickInterval, retention, instances, on, supervised, stopGrace, sections);
    }

    public AgentConfig withPort(int newPort) {
        return new AgentConfig(name, bind, newPort, dataDir, flowsDir, chromium, token, maxConcurrentRuns, rateLimitPause,
                failureBackoffMax, tickInterval, retention, instances, demo, supervised, stopGrace, sections);
    }

    /** Never the token: a config may be printed while something goes wrong. */
    @Override
    public String toString() {
        return "AgentConfig[" + name + ", " + bind + ":" + port + ", " + dataDir + ", token " + (token.isPresent() ? "fixed" : "generated") + "]";
    }
}
