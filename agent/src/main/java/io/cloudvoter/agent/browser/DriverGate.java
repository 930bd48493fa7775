package io.cloudvoter.agent.browser;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The one lock that makes a Playwright driver connection safe for many runs at once.
 * <p>
 * Playwright for Java is single-threaded: the thread that makes a call also reads the driver's
 * answers and dispatches every message that arrives meanwhile. A run holds this gate whenever it
 * is inside Playwright, and {@link GatedTransport} lets go of it while the run's call waits for the
 * driver, so another run can send its own call or dispatch what came in. So many runs are in flight
 * on one driver and one Chromium, and a slow page costs a run waiting time, not the worker.
 * <p>
 * Reentrant: Playwright calls nest (a route handler that answers its route, a close inside a call),
 * and {@link #outside} lets go however deeply the gate is held.
 */
final class DriverGate {
    private final ReentrantLock lock = new ReentrantLock();

    void enter() {
        lock.lock();
    }

    /** Enters only if the gate is free now: for maintenance that must never wait behind a run. */
    boolean tryEnter() {
        return lock.tryLock();
    }

    void leave() {
        lock.unlock();
    }

    boolean heldByMe() {
        return lock.isHeldByCurrentThread();
    }

    Condition newCondition() {
        return lock.newCondition();
    }

    /** Runs {@code wait} with the gate let go entirely (every hold of this thread), then takes it back. */
    void outside(Runnable wait) {
        int holds = lock.getHoldCount();
        for (int i = 0; i < holds; i++) {
            lock.unlock();
        }
        try {
            wait.run();
        } finally {
            for (int i = 0; i < holds; i++) {
                lock.lock();
            }
        }
    }

    /**
     * Waits on {@code condition} (of this gate, held) until {@code done} or {@code bound} passes.
     *
     * @return whether {@code done} came true
     */
    static boolean await(Condition condition, BooleanSupplier done, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!done.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                condition.awaitNanos(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return done.getAsBoolean();
            }
        }
        return true;
    }
}
