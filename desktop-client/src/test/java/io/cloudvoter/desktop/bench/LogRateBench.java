package io.cloudvoter.desktop.bench;

import io.cloudvoter.desktop.app.MainWindow;
import io.cloudvoter.desktop.app.Workbench;
import io.cloudvoter.desktop.concurrent.FxUiExecutor;
import io.cloudvoter.desktop.connection.AgentApi;
import io.cloudvoter.desktop.connection.Backoff;
import io.cloudvoter.desktop.connection.ConfigDir;
import io.cloudvoter.desktop.connection.Profile;
import io.cloudvoter.desktop.connection.ProfileStore;
import io.cloudvoter.desktop.connection.TyrusEventStream;
import io.cloudvoter.desktop.notify.Notices;
import io.cloudvoter.desktop.testing.Fixtures;
import io.cloudvoter.desktop.testing.StreamServer;
import io.cloudvoter.model.api.InstanceState;
import io.cloudvoter.model.api.LogLine;
import io.cloudvoter.model.events.LogEvent;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * Benchmark, not a test: the real window on the Logs tab (following) while a real WebSocket server
 * pushes {@code RATE} log events a second through Tyrus. Measures how late a probe posted to the FX
 * thread every 20 ms runs (what an operator feels as lag) and the frames per second.
 * <p>
 * Run: {@code java -cp <test classpath> io.cloudvoter.desktop.bench.LogRateBench [RATE] [SECONDS]}
 * under a display (Xvfb) or with the headless Monocle flags.
 */
public final class LogRateBench {
    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        var server = new StreamServer("bench");
        server.putInstance(Fixtures.instance("poll-1", InstanceState.SCHEDULED, 1, 0));
        var started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        var executor = new FxUiExecutor();
        var stream = new TyrusEventStream();
        var window = new CompletableFuture<MainWindow>();
        Platform.runLater(() -> {
            var workbench = new Workbench(AgentApi.newHttpClient(), stream, executor, Clock.systemUTC(), ZoneId.systemDefault(),
                    Backoff::standard, new Notices(n -> { }));
            var w = io.cloudvoter.desktop.testing.TestWindows.open(workbench, uncheckedTempDir(), executor, q -> true);
            w.stage().setWidth(1280);
            w.stage().setHeight(800);
            w.stage().show();
            workbench.connect(new Profile("bench", server.url(), StreamServer.TOKEN));
            w.select("Logs");
            window.complete(w);
        });
        var w = window.get();
        Thread.sleep(2000);

        var frames = new long[1];
        Platform.runLater(() -> new AnimationTimer() {
            @Override
            public void handle(long now) {
                frames[0]++;
            }
        }.start());
        var lags = Collections.synchronizedList(new ArrayList<Long>());
        var probe = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long posted = System.nanoTime();
                var ran = new CountDownLatch(1);
                Platform.runLater(() -> {
                    lags.add(System.nanoTime() - posted);
                    ran.countDown();
                });
                try {
                    ran.await();
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long framesAtStart = frames[0];
        long start = System.nanoTime();
        long sent = 0;
        long periodNanos = 1_000_000_000L / rate;
        while (System.nanoTime() - start < seconds * 1_000_000_000L) {
            long due = start + sent * periodNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            long n = sent++;
            var line = new LogLine(Instant.now(), n % 10 == 0 ? "WARNING" : "INFO", "bench", "poll-1",
                    "[instance poll-1] run " + n + " SUCCESS in 812 ms (votes: " + (1800 + n % 97) + ")");
            server.publish((seq, t) -> new LogEvent(seq, t, line, 0));
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        probe.interrupt();
        long fps = Math.round((frames[0] - framesAtStart) / elapsed);
        var sorted = new ArrayList<>(lags);
        Collections.sort(sorted);
        var shown = new CompletableFuture<Integer>();
        Platform.runLater(() -> shown.complete(w.currentWorkspace().session().logs().all().size()));
        System.out.printf("log lines pushed: %d in %.1f s (%.0f/s); buffer holds %d%n", sent, elapsed, sent / elapsed, shown.get());
        System.out.printf("FX thread lag (probe every 20 ms, %d samples): p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d frames/s%n",
                sorted.size(), pct(sorted, 50), pct(sorted, 99), sorted.getLast() / 1e6, fps);
        Platform.runLater(() -> w.workbench().closeAll());
        Thread.sleep(300);
        stream.close();
        executor.close();
        server.close();
        Platform.exit();
        System.exit(0);
    }

    private static double pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)) / 1e6;
    }

    private static java.nio.file.Path uncheckedTempDir() {
        try {
            return Files.createTempDirectory("cloudvoter-bench");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
