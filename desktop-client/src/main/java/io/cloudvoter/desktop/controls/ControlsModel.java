package io.cloudvoter.desktop.controls;

import io.cloudvoter.desktop.concurrent.UiExecutor;
import io.cloudvoter.desktop.connection.AgentApi;
import io.cloudvoter.desktop.connection.ApiException;
import io.cloudvoter.desktop.notify.Notice;
import io.cloudvoter.desktop.session.AgentOverview;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * The agent-wide commands: monitoring on/off, recycling the browser, restarting the agent. A restart is a
 * graceful stop that the agent's supervisor (systemd) answers with a fresh agent; the agent refuses it
 * (409, with its reason) when nothing would start it again. After a restart the connection's own
 * reconnect brings the new agent's snapshot.
 */
public final class ControlsModel {
    public static final String RESTART_HELP = "Stop the agent gracefully so that its supervisor (systemd) starts a fresh one;"
            + " runs in flight get its stop-grace (15 s unless set). The agent refuses when no supervisor would start it again.";

    private final AgentApi api;
    private final AgentOverview overview;
    private final UiExecutor executor;
    private final Clock clock;
    private final Consumer<Notice> notices;

    public ControlsModel(AgentApi api, AgentOverview overview, UiExecutor executor, Clock clock, Consumer<Notice> notices) {
        this.api = api;
        this.overview = overview;
        this.executor = executor;
        this.clock = clock;
        this.notices = notices;
    }

    public void setMonitoring(boolean on) {
        executor.background(() -> api.setMonitoring(on), state -> {
            overview.monitoring(state.monitoring());
            notices.accept(Notice.info(clock.instant(), agent(), "Monitoring " + (state.monitoring() ? "started" : "stopped"),
                    state.monitoring() ? "instances run on their schedule" : "no new runs start until monitoring is started again"));
        }, e -> notices.accept(Notice.failure(clock.instant(), agent(), "Monitoring " + (on ? "start" : "stop") + " failed",
                e.getMessage())));
    }

    public void recycleBrowser() {
        executor.background(api::recycleBrowser, browser -> {
            overview.browser(browser);
            notices.accept(Notice.info(clock.instant(), agent(), "Browser recycled",
                    "Chromium closes after the run in hand; the next run starts a fresh one"));
        }, e -> notices.accept(Notice.failure(clock.instant(), agent(), "Recycle failed", e.getMessage())));
    }

    public void restartAgent() {
        executor.background(api::restartAgent, answer -> notices.accept(Notice.info(clock.instant(), agent(), "Agent restarting",
                (answer.message() == null ? "stopping gracefully" : answer.message())
                        + "; this window reconnects when the new agent answers")),
                e -> notices.accept(Notice.failure(clock.instant(), agent(),
                        e instanceof ApiException a && a.status() == 409 ? "Agent not restarted" : "Restart failed",
                        e.getMessage())));
    }

    private String agent() {
        return api.profile().name();
    }
}
