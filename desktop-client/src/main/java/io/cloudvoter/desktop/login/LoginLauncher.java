package io.cloudvoter.desktop.login;

import io.cloudvoter.desktop.concurrent.UiExecutor;
import io.cloudvoter.desktop.connection.AgentApi;
import io.cloudvoter.desktop.notify.Notice;

import javafx.stage.Window;

import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Opens "Capture login…" windows, with the browser the operator chose once (remembered in the window
 * settings) and the environment the browser gets (the desktop's own: its {@code DISPLAY}).
 */
public final class LoginLauncher {
    private final UiExecutor executor;
    private final Clock clock;
    private final Map<String, String> env;
    private final Consumer<String> remember;
    private String browserSetting;

    /**
     * @param browserSetting the browser path remembered, or null for Chrome, then Chromium
     * @param remember       keeps a path typed in the window for next time
     */
    public LoginLauncher(UiExecutor executor, Clock clock, Map<String, String> env, String browserSetting, Consumer<String> remember) {
        this.executor = executor;
        this.clock = clock;
        this.env = Map.copyOf(env);
        this.browserSetting = browserSetting;
        this.remember = remember;
    }

    /** Opens the window and the browser for {@code instance}, at {@code target}. */
    public LoginDialog open(Window owner, AgentApi api, Consumer<Notice> notices, String instance, String target) {
        return LoginDialog.show(owner, instance, target, path -> {
            var session = new LoginSession(api, executor, clock, notices, instance, target, env);
            session.start(LoginBrowser.candidates(path, env));
            return session;
        }, browserSetting, path -> {
            browserSetting = path;
            remember.accept(path);
        });
    }
}
