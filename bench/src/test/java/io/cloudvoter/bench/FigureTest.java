package io.cloudvoter.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FigureTest {

    @Test
    void checksUpperAndLowerBoundsInclusively() {
        assertThat(new Figure("a", 12.0, "MB", "<= 12", null).met()).isTrue();
        assertThat(new Figure("a", 12.1, "MB", "<= 12", null).met()).isFalse();
        assertThat(new Figure("b", 5.0, "x", ">= 5", null).met()).isTrue();
        assertThat(new Figure("b", 4.9, "x", ">= 5", null).met()).isFalse();
        assertThat(new Figure("c", null, "ms", "<= 5", "no /ws").met()).isNull();
        assertThat(new Figure("d", 3.0, "ms", null, null).met()).isNull();
    }
}
