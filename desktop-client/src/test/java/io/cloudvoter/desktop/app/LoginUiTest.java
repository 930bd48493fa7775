package io.cloudvoter.desktop.app;

import io.cloudvoter.desktop.login.LoginDialog;
import io.cloudvoter.desktop.login.LoginLauncher;
import io.cloudvoter.desktop.login.LoginSession.Phase;
import io.cloudvoter.desktop.testing.AgentWindow;
import io.cloudvoter.desktop.testing.FxToolkit;
import io.cloudvoter.desktop.testing.LoginSite;
import io.cloudvoter.desktop.testing.Rest;
import io.cloudvoter.desktop.testing.Xvfb;
import io.cloudvoter.model.api.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * "Capture login…" end to end: the window on the headless toolkit, a REAL headed Debian Chromium on an
 * X server of the test's own (the "laptop"), a members page that sets a session cookie after its login
 * form, and the real agent, which has no display at all. The test fills the form as the operator would.
 */
@ExtendWith(FxToolkit.class)
class LoginUiTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    private Xvfb x;
    private LoginSite site;
    private AgentWindow w;
    private Rest rest;

    private void open() throws Exception {
        assumeThat(Xvfb.available()).as("Xvfb").isTrue();
        assertThat(CHROMIUM).as("./cloudvoter test installs Debian's chromium").isExecutable();
        x = Xvfb.start();
        site = new LoginSite();
        w = AgentWindow.start(dir, Map.of("members.yaml", site.flow("members")), "");
        rest = new Rest(w.agent.baseUrl(), w.agent.tokens().reveal());
        var env = new HashMap<>(System.getenv());
        env.put("DISPLAY", x.display());
        w.fx(() -> w.window.logins(new LoginLauncher(w.executor(), Clock.systemUTC(), env, CHROMIUM.toString(), p -> { })));
        assertThat(rest.post("/api/instances", "{\"id\":\"member-1\",\"flow\":\"members\"}").status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> w.fx(() -> w.session.instances().row("member-1") != null
                && w.session.flows().row("members").isPresent()));
    }

    @AfterEach
    void close() throws Exception {
        if (w != null) {
            w.close();
        }
        if (site != null) {
            site.close();
        }
        if (x != null) {
            x.close();
        }
    }

    @Test
    void aLoginCapturedOnTheLaptopMakesTheAgentsNextRunLoggedIn() throws Exception {
        open();
        // before: the agent's run is turned away
        assertThat(rest.post("/api/instances/member-1/run", null).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(40)).until(() -> outcome() == Outcome.FAILED);
        assertThat(message()).contains("Please log in");

        var dialog = capture();
        loginByHand(dialog);
        w.fx(dialog::done);
        await().atMost(Duration.ofSeconds(30)).until(() -> w.fx(() -> dialog.session().phaseProperty().get()) == Phase.DONE);
        assertThat(w.noticed("Login captured")).isTrue();
        assertThat(dialog.session().capture().closed()).as("the browser is closed, its profile gone with it").isTrue();

        var state = rest.get("/api/instances/member-1/storage-state");
        assertThat(state.status()).isEqualTo(200);
        assertThat(state.json().path("cookies").findValuesAsText("name")).contains("session");

        // the agent's next run carries the cookie: logged in
        assertThat(rest.post("/api/instances/member-1/run", null).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(40)).until(() -> outcome() == Outcome.SUCCESS);
        assertThat(message()).contains("Welcome back");
    }

    @Test
    void cancelLeavesTheInstanceAsItWas() throws Exception {
        open();
        var dialog = capture();
        loginByHand(dialog);
        w.fx(() -> {
            dialog.session().cancel();
            dialog.getScene().getWindow().hide();
        });
        assertThat(w.fx(() -> dialog.session().phaseProperty().get())).isEqualTo(Phase.CANCELLED);
        await().atMost(Duration.ofSeconds(20)).until(() -> dialog.session().capture().closed());
        assertThat(rest.get("/api/instances/member-1/storage-state").status()).as("nothing uploaded").isEqualTo(404);
        assertThat(site.sessions()).as("the operator did log in, in the browser").isEqualTo(1);
    }

    private LoginDialog capture() {
        var view = w.workspace().instances();
        w.fx(() -> {
            w.window.select("Instances");
            view.table().getSelectionModel().clearSelection();
            view.table().getSelectionModel().select(w.session.instances().row("member-1"));
            view.captureLogin();
        });
        var dialog = w.fx(() -> w.workspace().lastLogin());
        assertThat(dialog).isNotNull();
        await().atMost(Duration.ofSeconds(60)).until(() -> w.fx(() -> dialog.session().phaseProperty().get()) == Phase.OPEN);
        assertThat(w.fx(() -> dialog.message().getText())).contains("Log in to " + site.url("/members"));
        return dialog;
    }

    /** As the operator: the page the browser opened asks to log in; follow the link, type, press the button. */
    private void loginByHand(LoginDialog dialog) throws Exception {
        var greeting = dialog.session().capture().onPage(page -> {
            page.setDefaultTimeout(10_000);
            page.click("a[href='/login']");
            return LoginSite.logIn(page);
        }).get(30, TimeUnit.SECONDS);
        assertThat(greeting).contains("Welcome back");
    }

    private Outcome outcome() {
        return w.fx(() -> w.session.instances().row("member-1").status().lastOutcome());
    }

    private String message() {
        return w.fx(() -> w.session.instances().row("member-1").status().lastMessage());
    }
}
