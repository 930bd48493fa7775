package io.cloudvoter.desktop.testing;

import javafx.application.Platform;
import javafx.stage.Window;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts the JavaFX toolkit once per JVM (headless: Monocle with software rendering, set by surefire),
 * fails a test when anything threw on the FX thread during it, and hides every window afterwards.
 */
public final class FxToolkit implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {
    private static final List<Throwable> FX_ERRORS = new CopyOnWriteArrayList<>();
    private static volatile boolean started;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    public static synchronized void start() throws InterruptedException {
        if (started) {
            return;
        }
        var ready = new CountDownLatch(1);
        Platform.startup(() -> {
            Thread.currentThread().setUncaughtExceptionHandler((t, e) -> {
                FX_ERRORS.add(e);
                e.printStackTrace();
            });
            ready.countDown();
        });
        Platform.setImplicitExit(false);
        if (!ready.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the JavaFX toolkit did not start within 30 s");
        }
        started = true;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        FX_ERRORS.clear();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        run(() -> {
            for (var w : new ArrayList<>(Window.getWindows())) {
                w.hide();
            }
            return null;
        });
        if (!FX_ERRORS.isEmpty()) {
            var first = FX_ERRORS.getFirst();
            FX_ERRORS.clear();
            throw new AssertionError("an exception was thrown on the FX thread during the test", first);
        }
    }

    /** Runs {@code work} on the FX thread and returns its result (rethrowing what it threw). */
    public static <T> T run(Callable<T> work) throws Exception {
        if (Platform.isFxApplicationThread()) {
            return work.call();
        }
        var result = new CompletableFuture<T>();
        Platform.runLater(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw new AssertionError(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the FX thread did not answer within 20 s", e);
        }
    }

    public static void run(Runnable work) throws Exception {
        run(() -> {
            work.run();
            return null;
        });
    }

    /** Waits until the FX thread has handled everything queued before this call. */
    public static void flush() throws Exception {
        run(() -> null);
    }
}
