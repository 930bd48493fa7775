package io.cloudvoter.desktop.testing;

import io.cloudvoter.desktop.concurrent.UiExecutor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Calls the agent at once, and hands each answer to the model only when the test says so: for models that
 * must stay right whatever order answers (and events) come in. UI work runs at once; nothing is scheduled.
 */
public final class DeferredExecutor implements UiExecutor {
    private final List<Runnable> answers = new ArrayList<>();

    @Override
    public <T> void background(Callable<T> work, Consumer<? super T> done, Consumer<Throwable> failed) {
        try {
            T result = work.call();
            answers.add(() -> done.accept(result));
        } catch (Exception e) {
            answers.add(() -> failed.accept(e));
        }
    }

    /** Answers not handed over yet. */
    public int pending() {
        return answers.size();
    }

    /** Hands over the answer to the {@code index}-th of the calls still waiting. */
    public void finish(int index) {
        answers.remove(index).run();
    }

    @Override
    public void ui(Runnable action) {
        action.run();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable action) {
        return Cancellable.NONE;
    }

    @Override
    public Cancellable every(Duration period, Runnable action) {
        return Cancellable.NONE;
    }
}
