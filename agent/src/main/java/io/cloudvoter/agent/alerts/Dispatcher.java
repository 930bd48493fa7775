package io.cloudvoter.agent.alerts;

import io.cloudvoter.agent.alerts.channels.Channel;
import io.cloudvoter.agent.threads.DaemonThreads;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The channels' workers, one daemon thread each, started and stopped together. */
final class Dispatcher implements AutoCloseable {
    private final Map<String, ChannelWorker> workers = new LinkedHashMap<>();
    private final Map<String, Thread> threads = new LinkedHashMap<>();
    private final List<Channel> channels;

    Dispatcher(List<Channel> channels, Outbox outbox, Backoff backoff, Clock clock, Secrets secrets) {
        this.channels = List.copyOf(channels);
        for (var c : channels) {
            workers.put(c.name(), new ChannelWorker(c, outbox, backoff, clock, secrets));
        }
    }

    void start() {
        workers.forEach((name, w) -> threads.put(name, DaemonThreads.start("cloudvoter-alerts-" + name, w)));
    }

    Optional<ChannelWorker> worker(String channel) {
        return Optional.ofNullable(workers.get(channel));
    }

    Map<String, ChannelWorker> workers() {
        return workers;
    }

    void wake(String channel) {
        worker(channel).ifPresent(ChannelWorker::wake);
    }

    CompletableFuture<Delivery> firstTry(String channel, String delivery) {
        return workers.get(channel).firstTry(delivery);
    }

    /**
     * Lets each worker try what is due for up to {@code grace} (the alert that made the agent stop
     * has its best chance), then interrupts a try still in progress. What is not delivered stays in
     * the outbox for the next start.
     */
    void close(Duration grace) {
        workers.values().forEach(w -> w.stop(grace));
        long deadline = System.nanoTime() + grace.toNanos();
        for (var t : threads.values()) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.values().forEach(Thread::interrupt);
        channels.forEach(Channel::close);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }
}
