package io.cloudvoter.desktop.connection;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {
    @Test
    void doublesUpToTheCeiling() {
        var b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(4), () -> 1.0);
        assertThat(b.next()).isEqualTo(Duration.ofMillis(500));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(4));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(4));
        assertThat(b.attempts()).isEqualTo(5);
    }

    @Test
    void jitterDrawsFromTheUpperHalfOfEachStep() {
        var low = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(30), () -> 0.0);
        var mid = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(30), () -> 0.5);
        assertThat(low.next()).isEqualTo(Duration.ofSeconds(1));
        assertThat(mid.next()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void resetStartsFromTheFirstStepAgain() {
        var b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 1.0);
        b.next();
        b.next();
        b.reset();
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void manyAttemptsStayAtTheCeilingWithoutOverflow() {
        var b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 1.0);
        for (int i = 0; i < 100; i++) {
            b.next();
        }
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void rejectsACeilingBelowTheFirstStep() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1), () -> 1.0))
                .hasMessageContaining("need 0 < initial <= max");
    }
}
