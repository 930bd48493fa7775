package io.cloudvoter.desktop.widgets;

import io.cloudvoter.desktop.testing.FxToolkit;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(FxToolkit.class)
class SteadyTest {
    @Test
    void equalStyleClassesAreNotSetAgain() throws Exception {
        FxToolkit.run(() -> {
            var label = new Label();
            Steady.styleClasses(label, "connection-dot", "connected");
            var changes = new AtomicInteger();
            label.getStyleClass().addListener((ListChangeListener<String>) c -> changes.incrementAndGet());

            Steady.styleClasses(label, "connection-dot", "connected");
            assertThat(changes).hasValue(0);
            Steady.styleClasses(label, "connection-dot", "retrying");
            assertThat(changes).hasValue(1);
            assertThat(label.getStyleClass()).containsExactly("connection-dot", "retrying");
            return null;
        });
    }

    @Test
    void aTooltipThatSaysTheSameStays() throws Exception {
        FxToolkit.run(() -> {
            var label = new Label();
            Steady.tooltip(label, "refused: 401");
            var first = label.getTooltip();
            assertThat(first.getText()).isEqualTo("refused: 401");

            Steady.tooltip(label, "refused: 401");
            assertThat(label.getTooltip()).isSameAs(first);
            Steady.tooltip(label, "timed out");
            assertThat(label.getTooltip()).isNotSameAs(first).extracting(t -> t.getText()).isEqualTo("timed out");
            Steady.tooltip(label, null);
            assertThat(label.getTooltip()).isNull();
            return null;
        });
    }
}
