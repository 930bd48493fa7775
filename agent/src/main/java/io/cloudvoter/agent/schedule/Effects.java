package io.cloudvoter.agent.schedule;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the scheduler's decisions cause outside its memory — SQLite writes, state files, events —
 * queued while it holds its lock and carried out after it lets go, in the order decided. So a slow
 * disk delays the write, never a decision, a status read or another run's end. One thread at a
 * time carries them out (whoever lets go of the lock first); a failure is logged and reported to
 * whoever waits for that effect, and the effects after it still happen.
 */
final class Effects {
    private static final Logger LOG = Logger.getLogger(Effects.class.getName());
    /** An operator's command waits at most this long for its own writes. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private record Effect(String what, Runnable action, CompletableFuture<Void> done) {
    }

    private final ReentrantLock owner;
    private final ArrayDeque<Effect> queue = new ArrayDeque<>(); // under owner
    private final ReentrantLock carrying = new ReentrantLock();

    /** @param owner the scheduler's lock: effects are queued under it and carried out without it */
    Effects(ReentrantLock owner) {
        this.owner = owner;
    }

    /** Queues an effect; call with the owner's lock held. */
    CompletableFuture<Void> add(String what, Runnable action) {
        if (!owner.isHeldByCurrentThread()) {
            throw new IllegalStateException("effects are queued under the scheduler's lock");
        }
        var effect = new Effect(what, action, new CompletableFuture<>());
        queue.add(effect);
        return effect.done();
    }

    /** Carries out what is queued; does nothing while the caller still holds the owner's lock (nested calls). */
    void run() {
        if (owner.isHeldByCurrentThread()) {
            return;
        }
        while (carrying.tryLock()) {
            try {
                Effect next;
                while ((next = poll()) != null) {
                    try {
                        next.action().run();
                        next.done().complete(null);
                    } catch (Throwable t) {
                        LOG.log(Level.SEVERE, "could not " + next.what(), t);
                        next.done().completeExceptionally(t);
                    }
                }
            } finally {
                carrying.unlock();
            }
            if (isEmpty()) {
                return; // else one was queued after our last look and before we let go: carry it too
            }
        }
    }

    /**
     * Carries out what is queued and waits for {@code effect}; rethrows its failure, so an
     * operator's command reports a write that did not happen.
     */
    void await(CompletableFuture<Void> effect) {
        run();
        try {
            effect.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the scheduler's writes did not finish within " + WAIT.toSeconds() + "s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the scheduler's writes", e);
        }
    }

    private Effect poll() {
        owner.lock();
        try {
            return queue.poll();
        } finally {
            owner.unlock();
        }
    }

    private boolean isEmpty() {
        owner.lock();
        try {
            return queue.isEmpty();
        } finally {
            owner.unlock();
        }
    }
}
