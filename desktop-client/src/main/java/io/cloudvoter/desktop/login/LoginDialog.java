package io.cloudvoter.desktop.login;

import atlantafx.base.theme.Styles;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The small window beside the browser while a login is captured: what to do, Done and Cancel, and
 * where the browser comes from (a path can be set here when neither Chrome nor Chromium is found;
 * it is remembered). Closing the window is Cancel.
 */
public final class LoginDialog extends VBox {
    private final Function<String, LoginSession> sessions;
    private final Consumer<String> rememberBrowser;
    private final Label message = new Label();
    private final TextField browser = new TextField();
    private final Button done = new Button("Done");
    private final Button again = new Button("Open again");
    private LoginSession session;
    private Runnable close = () -> { };

    /**
     * @param sessions        a new session for a browser setting (blank: Chrome, then Chromium), already started
     * @param browserSetting  the path remembered, or null
     * @param rememberBrowser keeps a path the operator typed for next time
     */
    LoginDialog(String instance, String target, Function<String, LoginSession> sessions, String browserSetting,
                Consumer<String> rememberBrowser) {
        this.sessions = sessions;
        this.rememberBrowser = rememberBrowser;
        getStyleClass().add("login-dialog");
        setSpacing(10);
        setPadding(new Insets(14));
        var what = new Label("A browser opens at " + target + " with " + instance + "'s current cookies. Log in there by hand, "
                + "then press Done: the browser's cookies and local storage go to the agent, and " + instance
                + " runs logged in from its next run on. Cancel leaves " + instance + " as it was. "
                + "Nothing of the login is kept on this computer.");
        what.setWrapText(true);
        what.setMinHeight(Region.USE_PREF_SIZE); // wrapped text shows whole, never cut with "…"
        message.setWrapText(true);
        message.setMinHeight(Region.USE_PREF_SIZE);
        message.setId("login-message");
        browser.setText(browserSetting == null ? "" : browserSetting);
        browser.setPromptText("Chrome, else /usr/bin/chromium; or the path of a browser");
        HBox.setHgrow(browser, Priority.ALWAYS);
        again.setOnAction(e -> restart());
        var browserRow = new HBox(6, new Label("Browser"), browser, again);
        browserRow.setAlignment(Pos.CENTER_LEFT);
        done.getStyleClass().add(Styles.ACCENT);
        done.setDefaultButton(true);
        done.setId("login-done");
        done.setOnAction(e -> session.done());
        var cancel = new Button("Cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> {
            session.cancel();
            close.run();
        });
        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        var buttons = new HBox(8, spacer, cancel, done);
        getChildren().addAll(what, message, browserRow, buttons);
        restart();
    }

    static LoginDialog show(Window owner, String instance, String target, Function<String, LoginSession> sessions,
                            String browserSetting, Consumer<String> rememberBrowser) {
        var dialog = new LoginDialog(instance, target, sessions, browserSetting, rememberBrowser);
        var stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle("Capture login · " + instance);
        var scene = new Scene(dialog, 560, Region.USE_COMPUTED_SIZE);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
            scene.getRoot().getStyleClass().addAll(owner.getScene().getRoot().getStyleClass().filtered("dark"::equals));
        }
        stage.setScene(scene);
        stage.setOnHidden(e -> dialog.session.cancel());
        dialog.close = stage::close;
        stage.show();
        return dialog;
    }

    public LoginSession session() {
        return session;
    }

    public Label message() {
        return message;
    }

    public TextField browser() {
        return browser;
    }

    public void done() {
        session.done();
    }

    private void restart() {
        if (session != null) {
            session.cancel();
        }
        var path = browser.getText().strip();
        if (!path.isEmpty()) {
            rememberBrowser.accept(path);
        }
        session = sessions.apply(path);
        message.textProperty().bind(session.messageProperty());
        done.disableProperty().bind(session.phaseProperty().isNotEqualTo(LoginSession.Phase.OPEN));
        again.disableProperty().bind(session.phaseProperty().isEqualTo(LoginSession.Phase.OPENING)
                .or(session.phaseProperty().isEqualTo(LoginSession.Phase.UPLOADING)));
        session.phaseProperty().addListener((o, a, p) -> {
            if (p == LoginSession.Phase.DONE) {
                close.run();
            }
        });
    }
}
