package io.cloudvoter.desktop.app;

import io.cloudvoter.desktop.LaunchOptions;
import io.cloudvoter.desktop.concurrent.FxUiExecutor;
import io.cloudvoter.desktop.connection.AgentApi;
import io.cloudvoter.desktop.connection.Backoff;
import io.cloudvoter.desktop.connection.ConfigDir;
import io.cloudvoter.desktop.connection.Profile;
import io.cloudvoter.desktop.connection.ProfileBook;
import io.cloudvoter.desktop.connection.ProfileStore;
import io.cloudvoter.desktop.connection.TyrusEventStream;
import io.cloudvoter.desktop.notify.Notice;
import io.cloudvoter.desktop.notify.Notices;
import io.cloudvoter.desktop.notify.OsNotifier;
import io.cloudvoter.desktop.widgets.Folders;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Consumer;

/** Builds the real parts (FX executor, Tyrus, java.net.http), opens the window; {@link AppLifecycle} ends it. */
public final class DesktopApp {
    /** How often the desktop's dark/light preference may be read again when the window gets the focus. */
    private static final Duration THEME_RECHECK = Duration.ofSeconds(10);

    private final LaunchOptions options;
    private final ConfigDir dir;
    private final List<Profile> saved;
    private final AppLifecycle lifecycle;
    private final boolean systemDark;
    private final Path firstFolder;
    private final FxUiExecutor executor = new FxUiExecutor();
    private final TyrusEventStream stream = new TyrusEventStream();
    private Instant themeReadAt = Instant.now();

    /**
     * @param systemDark  the desktop's preference, read before the FX thread started
     * @param firstFolder where the first file dialog opens (read from the disk before the FX thread started)
     */
    public DesktopApp(LaunchOptions options, ConfigDir dir, List<Profile> saved, AppLifecycle lifecycle, boolean systemDark,
                      Path firstFolder) {
        this.options = options;
        this.dir = dir;
        this.saved = saved;
        this.lifecycle = lifecycle;
        this.systemDark = systemDark;
        this.firstFolder = firstFolder;
    }

    /** On the FX thread. */
    public void start() {
        javafx.application.Platform.setImplicitExit(false); // the lifecycle saves the settings first, then exits
        var settings = lifecycle.settings();
        Consumer<Notice> os = OsNotifier.find(executor, System.getenv()).<Consumer<Notice>>map(n -> n).orElse(n -> { });
        var notices = new Notices(os);
        var workbench = new Workbench(AgentApi.newHttpClient(), stream, executor, Clock.systemUTC(), ZoneId.systemDefault(),
                Backoff::standard, notices);
        var book = new ProfileBook(saved, options.agents(), new ProfileStore(dir), executor,
                problem -> notices.post(Notice.failure(Clock.systemUTC().instant(), null, "Profiles not saved", problem)));
        workbench.follow(book);
        var theme = new ThemeChoice(options.theme() != null ? options.theme() : ThemeChoice.Theme.parse(settings.theme()),
                systemDark, t -> lifecycle.remember(s -> s.withTheme(t.key())));
        var folders = new Folders(firstFolder, f -> lifecycle.remember(s -> s.withFolder(f.toString())));
        var stage = new Stage();
        var window = new MainWindow(stage, workbench, book, DesktopApp::confirm, theme, folders);
        window.logins(new io.cloudvoter.desktop.login.LoginLauncher(executor, Clock.systemUTC(), System.getenv(), settings.loginBrowser(),
                path -> lifecycle.remember(s -> s.withLoginBrowser(path))));
        stage.setWidth(settings.width());
        stage.setHeight(settings.height());
        if (settings.hasPosition()) {
            stage.setX(settings.x());
            stage.setY(settings.y());
        }
        stage.setMaximized(settings.maximized());
        window.select(settings.tab());
        lifecycle.track(stage, window);
        Runnable quit = () -> lifecycle.quit(() -> {
            window.stopTicking();
            workbench.closeAll();
        }, () -> {
            stream.close();
            executor.close();
        });
        window.onQuit(quit);
        stage.setOnCloseRequest(e -> {
            e.consume();
            quit.run();
        });
        stage.focusedProperty().addListener((o, a, focused) -> {
            if (focused) {
                recheckTheme(theme);
            }
        });
        var initial = book.openAtStart();
        initial.forEach(workbench::connect);
        window.startTicking();
        stage.show();
        if (initial.isEmpty()) {
            window.openConnections();
        }
        if (options.screenshots() != null) {
            new ScreenshotTour(window, options.screenshots(), options.screenshotDelaySeconds(), quit).start();
        }
    }

    /** The desktop may have switched between light and dark while the window was away. */
    private void recheckTheme(ThemeChoice theme) {
        var now = Instant.now();
        if (Duration.between(themeReadAt, now).compareTo(THEME_RECHECK) < 0) {
            return;
        }
        themeReadAt = now;
        var env = System.getenv();
        executor.background(() -> SystemTheme.prefersDark(env, System.getProperty("os.name", "")), theme::systemPrefersDark,
                e -> { });
    }

    private static boolean confirm(String question) {
        var alert = new Alert(Alert.AlertType.CONFIRMATION, question, ButtonType.OK, ButtonType.CANCEL);
        alert.setHeaderText(null);
        alert.setTitle("CloudVoter");
        return alert.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }
}
