package io.cloudvoter.desktop.connection;

import io.cloudvoter.desktop.testing.FakeClock;
import io.cloudvoter.desktop.testing.FxToolkit;
import io.cloudvoter.desktop.testing.SameThreadExecutor;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.control.PasswordField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(FxToolkit.class)
class ConnectionsDialogTest {
    private static final String BANNER = """
              CloudVoter agent ready
              URL:    http://127.0.0.1:8077
              Token:  Zq3v9-TL0aQw8x1YbN2c4d5e6f7g8h9i
            """;

    @TempDir
    Path config;

    @Test
    void pastingTheBannerFillsTheFormAndSavingConnectsWithoutShowingTheToken() throws Exception {
        var store = new ProfileStore(new ConfigDir(config));
        var saved = new ProfileBook(List.of(), List.of(), store, new SameThreadExecutor(new FakeClock(Instant.now())), p -> { });
        var connected = new ArrayList<Profile>();
        var dialog = FxToolkit.run(() -> {
            var d = new ConnectionsDialog(saved, connected::add);
            var stage = new Stage();
            stage.setScene(new Scene(d, 760, 460));
            stage.show();
            d.nameField().setText("droplet-fra1");
            d.pasteArea().setText(BANNER);
            return d;
        });
        assertThat(FxToolkit.run(() -> dialog.urlField().getText())).isEqualTo("http://127.0.0.1:8077");
        assertThat(FxToolkit.run(() -> dialog.tokenField())).isInstanceOf(PasswordField.class);

        FxToolkit.run(() -> ((Button) dialog.lookupAll(".button").stream()
                .filter(n -> ((Button) n).getText().equals("Save and connect")).findFirst().orElseThrow()).fire());

        var expected = new Profile("droplet-fra1", "http://127.0.0.1:8077", "Zq3v9-TL0aQw8x1YbN2c4d5e6f7g8h9i");
        assertThat(connected).containsExactly(expected);
        assertThat(store.load()).containsExactly(expected);
        var shown = FxToolkit.run(() -> {
            dialog.applyCss(); // cells exist only after a layout pass; do it now instead of waiting for a pulse
            dialog.layout();
            return dialog.lookupAll(".list-cell").stream().map(n -> ((Labeled) n).getText())
                    .filter(t -> t != null).toList();
        });
        assertThat(shown).containsExactly("droplet-fra1\nhttp://127.0.0.1:8077  · token hidden");
        assertThat(FxToolkit.run(() -> dialog.tokenField().getText())).as("selecting a saved profile never brings its token back")
                .isEmpty();
        assertThat(Files.readString(config.resolve(ProfileStore.FILE))).contains("Zq3v9");
    }

    @Test
    void renamingASavedProfileReplacesIt() throws Exception {
        var store = new ProfileStore(new ConfigDir(config));
        var old = new Profile("old-name", "http://127.0.0.1:8077", "token-0123456789abcdef");
        var saved = new ProfileBook(List.of(old), List.of(), store, new SameThreadExecutor(new FakeClock(Instant.now())), p -> { });
        FxToolkit.run(() -> {
            var d = new ConnectionsDialog(saved, p -> { });
            new Stage().setScene(new Scene(d, 760, 460));
            d.list().getSelectionModel().select(old);
            d.nameField().setText("new-name");
            ((Button) d.lookupAll(".button").stream().filter(n -> ((Button) n).getText().equals("Save")).findFirst()
                    .orElseThrow()).fire();
        });
        assertThat(store.load()).containsExactly(new Profile("new-name", "http://127.0.0.1:8077", "token-0123456789abcdef"));
    }
}
