package io.cloudvoter.desktop.controls;

import io.cloudvoter.desktop.concurrent.UiExecutor;
import io.cloudvoter.desktop.connection.AgentApi;
import io.cloudvoter.desktop.notify.Notice;
import io.cloudvoter.desktop.session.AgentOverview;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * The agent-wide commands: monitoring on/off and recycling the browser. Restarting the agent needs an
 * endpoint the agent does not have yet, so {@link #canRestartAgent()} says no and the view keeps that
 * control disabled with the reason.
 */
public final class ControlsModel {
    public static final String RESTART_UNSUPPORTED =
            "Needs agent support: the agent has no restart endpoint yet (restart it with systemctl restart cloudvoter)";

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

    public boolean canRestartAgent() {
        return false;
    }

    private String agent() {
        return api.profile().name();
    }
}
