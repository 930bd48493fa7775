package io.cloudvoter.desktop.testing;

import io.cloudvoter.desktop.app.MainWindow;
import io.cloudvoter.desktop.concurrent.FxUiExecutor;
import io.cloudvoter.desktop.connection.Backoff;
import io.cloudvoter.desktop.connection.Profile;
import io.cloudvoter.desktop.connection.TyrusEventStream;
import io.cloudvoter.desktop.notify.Notices;
import io.cloudvoter.desktop.session.AgentSession;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The real window (real FX executor, Tyrus, java.net.http) connected to a {@link StreamServer} the test
 * seeds: what most UI tests start from. Questions the window asks are answered with {@link #answer}.
 */
public final class StreamWindow implements AutoCloseable {
    public final StreamServer server;
    public final FxUiExecutor executor = new FxUiExecutor();
    public final TyrusEventStream stream = new TyrusEventStream();
    public final List<String> questions = new CopyOnWriteArrayList<>();
    public final MainWindow window;
    public final AgentSession session;
    private volatile boolean answer = true;

    public StreamWindow(StreamServer server, Path config, Supplier<Backoff> backoff) throws Exception {
        this.server = server;
        var opened = FxToolkit.run(() -> {
            var workbench = TestWindows.workbench(stream, executor, backoff, new Notices(n -> { }));
            var w = TestWindows.open(workbench, config, executor, q -> {
                questions.add(q);
                return answer;
            });
            var s = workbench.connect(new Profile(server.name(), server.url(), StreamServer.TOKEN));
            w.startTicking();
            return new Object[]{w, s};
        });
        window = (MainWindow) opened[0];
        session = (AgentSession) opened[1];
    }

    /** Short delays: 100 ms doubling to 400 ms. */
    public static Supplier<Backoff> quickBackoff() {
        return () -> new Backoff(Duration.ofMillis(100), Duration.ofMillis(400), Math::random);
    }

    /** What the next questions are answered. */
    public void answer(boolean yes) {
        answer = yes;
    }

    public static <T> T fx(Callable<T> work) {
        try {
            return FxToolkit.run(work);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public static void fx(Runnable work) {
        fx(() -> {
            work.run();
            return null;
        });
    }

    @Override
    public void close() throws Exception {
        TestWindows.close(window, stream, executor, server);
    }
}
