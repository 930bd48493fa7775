package io.cloudvoter.desktop.app;

import io.cloudvoter.desktop.testing.FxToolkit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(FxToolkit.class)
class ToolkitSmokeTest {
    @Test
    void showsAWindowWithoutAnXServer() throws Exception {
        boolean showing = FxToolkit.run(() -> {
            var stage = new Stage();
            stage.setScene(new Scene(new Label("hello"), 200, 100));
            stage.show();
            return stage.isShowing();
        });
        assertThat(showing).isTrue();
    }
}
