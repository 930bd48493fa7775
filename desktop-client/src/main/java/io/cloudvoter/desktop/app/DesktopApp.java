package io.cloudvoter.desktop.app;

import io.cloudvoter.desktop.LaunchOptions;
import io.cloudvoter.desktop.concurrent.FxUiExecutor;
import io.cloudvoter.desktop.connection.AgentApi;
import io.cloudvoter.desktop.connection.Backoff;
import io.cloudvoter.desktop.connection.ConfigDir;
import io.cloudvoter.desktop.connection.Profile;
import io.cloudvoter.desktop.connection.ProfileStore;
import io.cloudvoter.desktop.connection.SavedProfiles;
import io.cloudvoter.desktop.connection.TyrusEventStream;
import io.cloudvoter.desktop.notify.Notice;
import io.cloudvoter.desktop.notify.Notices;
import io.cloudvoter.desktop.notify.OsNotifier;

import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.Stage;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Logger;

/** Builds the real parts (FX executor, Tyrus, java.net.http), opens the window, and shuts down cleanly. */
public final class DesktopApp {
    private static final Logger LOG = Logger.getLogger(DesktopApp.class.getName());

    private final LaunchOptions options;
    private final ConfigDir dir;
    private final List<Profile> saved;
    private final WindowSettings settings;
    private final FxUiExecutor executor = new FxUiExecutor();
    private final TyrusEventStream stream = new TyrusEventStream();

    public DesktopApp(LaunchOptions options, ConfigDir dir, List<Profile> saved, WindowSettings settings) {
        this.options = options;
        this.dir = dir;
        this.saved = saved;
        this.settings = settings;
    }

    /** On the FX thread. */
    public void start() {
        Platform.setImplicitExit(false); // quit() saves the settings first, then exits
        Consumer<Notice> os = OsNotifier.find(executor, System.getenv()).<Consumer<Notice>>map(n -> n).orElse(n -> { });
        var notices = new Notices(os);
        var workbench = new Workbench(AgentApi.newHttpClient(), stream, executor, Clock.systemUTC(), ZoneId.systemDefault(),
                Backoff::standard, notices);
        var profiles = new SavedProfiles(saved, new ProfileStore(dir), executor,
                problem -> notices.post(Notice.failure(Clock.systemUTC().instant(), null, "Profiles not saved", problem)));
        var stage = new Stage();
        var window = new MainWindow(stage, workbench, profiles, DesktopApp::confirm);
        stage.setWidth(settings.width());
        stage.setHeight(settings.height());
        if (settings.hasPosition()) {
            stage.setX(settings.x());
            stage.setY(settings.y());
        }
        stage.setMaximized(settings.maximized());
        window.select(settings.tab());
        stage.setOnCloseRequest(e -> quit(window, workbench));
        var initial = options.agents().isEmpty() ? saved : options.agents();
        initial.forEach(workbench::connect);
        window.startTicking();
        stage.show();
        if (initial.isEmpty()) {
            window.openConnections();
        }
        if (options.screenshots() != null) {
            new ScreenshotTour(window, options.screenshots(), options.screenshotDelaySeconds(), () -> quit(window, workbench))
                    .start();
        }
    }

    private void quit(MainWindow window, Workbench workbench) {
        var stage = window.stage();
        var last = new WindowSettings(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), stage.isMaximized(),
                window.selectedTab());
        window.stopTicking();
        workbench.closeAll();
        executor.background(() -> {
            last.save(dir);
            return null;
        }, ignored -> exit(), e -> {
            LOG.warning("window settings not saved: " + e.getMessage());
            exit();
        });
    }

    private void exit() {
        stream.close();
        executor.close();
        Platform.exit();
    }

    private static boolean confirm(String question) {
        var alert = new Alert(Alert.AlertType.CONFIRMATION, question, ButtonType.OK, ButtonType.CANCEL);
        alert.setHeaderText(null);
        alert.setTitle("CloudVoter");
        return alert.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }
}
