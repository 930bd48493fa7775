package io.cloudvoter.agent.threads;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * The agent's background threads: platform daemon threads with a name that says what they do
 * ({@code cloudvoter-guard}, {@code cloudvoter-health}...), so a thread dump reads like the design and
 * none of them keeps the JVM alive once the agent has stopped (the stop itself runs on a thread that
 * is no daemon, {@code Agent.requestExit}).
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Daemon threads all named {@code name}. */
    public static ThreadFactory named(String name) {
        return Thread.ofPlatform().daemon().name(name).factory();
    }

    /** A daemon thread named {@code name}, running {@code task} from now on. */
    public static Thread start(String name, Runnable task) {
        return Thread.ofPlatform().daemon().name(name).start(task);
    }

    /** One daemon thread for timed work; keep it and shut it down in {@code close()}. */
    public static ScheduledExecutorService timer(String name) {
        return Executors.newSingleThreadScheduledExecutor(named(name));
    }
}
