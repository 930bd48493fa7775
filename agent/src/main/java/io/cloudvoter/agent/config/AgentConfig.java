package io.cloudvoter.agent.config;

import io.cloudvoter.model.api.InstanceSpec;

import io.helidon.config.Config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The agent's settings, read once at start from {@code agent.yaml} and the environment
 * ({@link ConfigLoader}). Feature sections that only one part reads (guard thresholds, TLS...)
 * stay in {@link #raw()} and are read by that part.
 *
 * @param chromium        executable; empty means Debian's chromium-headless-shell, then chromium
 * @param token           fixed token from {@code CLOUDVOTER_TOKEN}; empty means the generated one in the data dir
 * @param maxConcurrentRuns runs in flight at once; 0 ({@code auto}) means one per browser worker
 * @param rateLimitPause  how long a target pauses after a rate limit when the page gives no retry time
 * @param retention       how long and how many runs the history keeps
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
                          Duration tickInterval,
                          Retention retention,
                          List<InstanceSpec> instances,
                          boolean demo,
                          Config raw) {

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
        return new AgentConfig(name, bind, port, dataDir, flowsDir, chromium, token, maxConcurrentRuns,
                rateLimitPause, tickInterval, retention, instances, on, raw);
    }

    public AgentConfig withPort(int newPort) {
        return new AgentConfig(name, bind, newPort, dataDir, flowsDir, chromium, token, maxConcurrentRuns,
                rateLimitPause, tickInterval, retention, instances, demo, raw);
    }

    public AgentConfig withInstances(List<InstanceSpec> newInstances) {
        return new AgentConfig(name, bind, port, dataDir, flowsDir, chromium, token, maxConcurrentRuns,
                rateLimitPause, tickInterval, retention, newInstances, demo, raw);
    }
}
