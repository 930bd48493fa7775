package io.cloudvoter.agent.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({"30s,30000", "1m30s,90000", "500ms,500", "2h,7200000", "1d,86400000", "PT45S,45000",
            "pt1m,60000", "15,15000", "1.5s,1500", "1h 30m,5400000"})
    void readsWhatOperatorsWrite(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "30 seconds", "-5s", "PT-5S", "5x", "m5"})
    void rejectsWithTheTextQuoted(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.isEmpty() ? "empty" : text);
    }

    @ParameterizedTest
    @CsvSource({"90000,1m30s", "250,250ms", "0,0s", "93784000,1d2h3m4s"})
    void formatsShort(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
    }
}
