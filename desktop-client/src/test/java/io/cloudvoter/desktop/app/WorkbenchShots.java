package io.cloudvoter.desktop.app;

import io.cloudvoter.desktop.login.LoginLauncher;
import io.cloudvoter.desktop.login.LoginSession;
import io.cloudvoter.desktop.testing.AgentWindow;
import io.cloudvoter.desktop.testing.FxToolkit;
import io.cloudvoter.desktop.testing.LoginSite;
import io.cloudvoter.desktop.testing.Rest;
import io.cloudvoter.desktop.testing.VotePage;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * For the docs, not a test: the workbench's views against a real agent, in a real window on the display
 * given by {@code DISPLAY} (Xvfb), saved as PNGs into {@code DIR}: the Flows tab with a refused edit
 * marked at its line, a Try, the "Add many" form, the instances after it, and (the whole screen) a login
 * being captured in a headed Chromium.
 * <p>
 * Run: {@code DISPLAY=:94 java -cp <desktop-client test classpath> io.cloudvoter.desktop.app.WorkbenchShots DIR}
 */
public final class WorkbenchShots {
    public static void main(String[] args) throws Exception {
        var out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        Files.createDirectories(out);
        var work = Files.createTempDirectory("cloudvoter-shots");
        FxToolkit.start();
        try (var page = new VotePage(); var site = new LoginSite();
             var w = AgentWindow.start(work, Map.of("vote.yaml", page.flow("vote"), "members.yaml", site.flow("members")), """
                       instances:
                         - { id: vote-1, flow: vote, cooldown: 20m }
                         - { id: vote-2, flow: vote, cooldown: 20m }
                     """)) {
            var rest = new Rest(w.agent.baseUrl(), w.agent.tokens().reveal());
            rest.post("/api/instances", "{\"id\":\"member-1\",\"flow\":\"members\"}");
            w.fx(() -> {
                w.window.stage().setX(0);
                w.window.stage().setY(0);
                w.window.stage().setWidth(1280);
                w.window.stage().setHeight(800);
            });
            rest.post("/api/instances/vote-1/run", null);
            rest.post("/api/instances/member-1/run", null);
            settle(w, 6);

            // Flows: a refused edit, marked at its line
            var flows = w.workspace().flows();
            w.fx(() -> {
                w.window.select("Flows");
                flows.table().getSelectionModel().select(flows.table().getItems().stream()
                        .filter(r -> r.name().equals("vote")).findFirst().orElseThrow());
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> w.fx(flows::text).contains("name: vote"));
            var bad = w.fx(flows::text).replace("  - click: \"#vote\"", "  - clik: \"#vote\"").replace("timeout: 20s", "timeout: soon");
            w.fx(() -> {
                flows.setText(bad);
                flows.save();
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> w.fx(() -> flows.problems().getItems().size()) == 2);
            settle(w, 1);
            save(w, w.window.scene(), out.resolve("flows-problem.png"));

            // Try: the fixed text, run once by the agent in a real Chromium
            w.fx(() -> {
                flows.setText(bad.replace("clik", "click").replace("timeout: soon", "timeout: 20s"));
                flows.tryAs().setValue("vote-2");
                flows.tryIt();
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> w.fx(() -> !flows.tried().steps().getItems().isEmpty()));
            settle(w, 1);
            save(w, w.window.scene(), out.resolve("flows-try.png"));
            w.fx(() -> w.window.theme().choiceProperty().set(ThemeChoice.Theme.DARK));
            settle(w, 1);
            save(w, w.window.scene(), out.resolve("flows-try-dark.png"));
            w.fx(() -> w.window.theme().choiceProperty().set(ThemeChoice.Theme.LIGHT));

            // Add many: the form, then the fifty
            w.fx(() -> w.window.select("Instances"));
            var form = w.fx(() -> w.workspace().instances().addMany());
            w.fx(() -> {
                form.prefix().setText("poll-");
                form.count().setText("50");
                form.flow().setValue("vote");
                form.cooldown().setText("30m");
                form.vars().setText("choice = blue");
                form.getScene().getWindow().setX(360);
                form.getScene().getWindow().setY(160);
            });
            settle(w, 1);
            save(w, form.getScene(), out.resolve("instances-add-many.png"));
            w.fx(form::submit);
            await().atMost(Duration.ofSeconds(60)).until(() -> w.fx(() -> w.session.instances().rows().size()) == 53);
            settle(w, 2);
            save(w, w.window.scene(), out.resolve("instances-added.png"));

            // Capture login: the whole screen, the headed Chromium beside the window
            var env = new HashMap<>(System.getenv());
            w.fx(() -> w.window.logins(new LoginLauncher(w.executor(), Clock.systemUTC(), env, "/usr/bin/chromium", p -> { })));
            w.fx(() -> {
                var view = w.workspace().instances();
                view.filter().field().setText("member");
            });
            settle(w, 1);
            w.fx(() -> {
                var view = w.workspace().instances();
                view.table().getSelectionModel().clearAndSelect(0);
                view.captureLogin();
            });
            var dialog = w.fx(() -> w.workspace().lastLogin());
            await().atMost(Duration.ofSeconds(60)).until(() -> w.fx(() -> dialog.session().phaseProperty().get())
                    == LoginSession.Phase.OPEN);
            w.fx(() -> {
                dialog.getScene().getWindow().setX(1036);
                dialog.getScene().getWindow().setY(360);
            });
            dialog.session().capture().onPage(p -> {
                p.click("a[href='/login']");
                p.fill("#user", LoginSite.USER);
                p.fill("#password", LoginSite.PASSWORD);
                return null;
            }).get(30, TimeUnit.SECONDS);
            settle(w, 2);
            var shot = out.resolve("login-capture.png");
            var grab = new ProcessBuilder("import", "-window", "root", shot.toString()).inheritIO().start();
            grab.waitFor(30, TimeUnit.SECONDS);
            dialog.session().capture().onPage(p -> {
                p.click("#submit");
                p.waitForSelector("#greeting");
                return null;
            }).get(30, TimeUnit.SECONDS);
            w.fx(dialog::done);
            await().atMost(Duration.ofSeconds(30)).until(() -> w.fx(() -> dialog.session().phaseProperty().get())
                    == LoginSession.Phase.DONE);
            rest.post("/api/instances/member-1/run", null);
            await().atMost(Duration.ofSeconds(40)).until(() -> rest.get("/api/instances/member-1").json().path("successes").asInt() == 1);
            System.out.println("member-1 after the capture: " + rest.get("/api/instances/member-1").json().path("lastMessage").asText());
        }
        javafx.application.Platform.exit();
        System.exit(0);
    }

    private static void settle(AgentWindow w, int seconds) throws InterruptedException {
        Thread.sleep(seconds * 1000L); // a pause for the eye, not synchronisation: the shots are looked at, not asserted
        w.fx(() -> { });
    }

    private static void save(AgentWindow w, Scene scene, Path file) throws Exception {
        var image = w.fx(() -> scene.snapshot(null));
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
        System.out.println("saved " + file);
    }
}
