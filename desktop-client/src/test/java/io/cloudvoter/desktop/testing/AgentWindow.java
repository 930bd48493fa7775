package io.cloudvoter.desktop.testing;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.desktop.app.AgentWorkspace;
import io.cloudvoter.desktop.app.MainWindow;
import io.cloudvoter.desktop.concurrent.FxUiExecutor;
import io.cloudvoter.desktop.connection.Profile;
import io.cloudvoter.desktop.connection.TyrusEventStream;
import io.cloudvoter.desktop.notify.Notices;
import io.cloudvoter.desktop.session.AgentSession;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * The real window connected to a real agent (its REST API and /ws) on the headless toolkit, for the
 * workbench's end-to-end tests. Every yes/no question the window asks is recorded and answered by
 * {@link #answer}.
 */
public final class AgentWindow implements AutoCloseable {
    public final Agent agent;
    public final List<String> questions = new CopyOnWriteArrayList<>();
    public volatile boolean answer = true;
    public final MainWindow window;
    public final AgentSession session;
    private final FxUiExecutor executor = new FxUiExecutor();
    private final TyrusEventStream stream = new TyrusEventStream();

    private AgentWindow(Agent agent, Path dir) throws Exception {
        this.agent = agent;
        Predicate<String> confirm = q -> {
            questions.add(q);
            return answer;
        };
        var opened = FxToolkit.run(() -> {
            var workbench = TestWindows.workbench(stream, executor, StreamWindow.quickBackoff(), new Notices(n -> { }));
            var w = TestWindows.open(workbench, dir.resolve("config"), executor, confirm);
            var s = workbench.connect(new Profile("real", agent.baseUrl(), agent.tokens().reveal()));
            w.startTicking();
            return new Object[]{w, s};
        });
        this.window = (MainWindow) opened[0];
        this.session = (AgentSession) opened[1];
    }

    /** An agent serving {@code flows} (file → text) with {@code yaml} in its config, and the window on it, connected. */
    public static AgentWindow start(Path dir, Map<String, String> flows, String yaml) throws Exception {
        var agent = RealAgents.start(dir.resolve("data"), "127.0.0.1", 0, flows, yaml);
        var w = new AgentWindow(agent, dir);
        await().atMost(Duration.ofSeconds(20)).until(() -> w.fx(() -> w.session.connection().status().connected()));
        return w;
    }

    public FxUiExecutor executor() {
        return executor;
    }

    public AgentWorkspace workspace() {
        return fx(window::currentWorkspace);
    }

    public Path flowsFolder() {
        return agent.flows().folder();
    }

    /** Runs on the FX thread, rethrowing as an assertion failure. */
    public <T> T fx(Callable<T> work) {
        try {
            return FxToolkit.run(work);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public void fx(Runnable work) {
        fx(() -> {
            work.run();
            return null;
        });
    }

    public boolean noticed(String title) {
        return fx(() -> window.workbench().notices().recent().stream().anyMatch(n -> n.title().equals(title)));
    }

    @Override
    public void close() throws Exception {
        TestWindows.close(window, stream, executor, agent);
    }
}
