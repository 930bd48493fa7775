package io.cloudvoter.desktop.resources;

import io.cloudvoter.model.api.GuardAction;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.cloudvoter.desktop.testing.Fixtures.T0;
import static io.cloudvoter.desktop.testing.Fixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;

class ResourcesModelTest {
    private final ResourcesModel model = new ResourcesModel();

    @Test
    void keepsFifteenMinutesCountedBackFromTheNewestSample() {
        model.reset(List.of(sample(T0.plusSeconds(5), 10, 60, 300), sample(T0, 10, 60, 300)),
                List.of(new GuardAction(T0.plusSeconds(1), "SOFT", "hold-new-runs", "memory available 180 MB < 200 MB")));
        assertThat(model.samples()).extracting(s -> s.time()).containsExactly(T0, T0.plusSeconds(5));

        model.add(sample(T0.plus(Duration.ofMinutes(15)), 20, 60, 300));
        assertThat(model.samples()).hasSize(3).as("exactly 15 minutes old stays");

        model.add(sample(T0.plus(Duration.ofMinutes(15)).plusSeconds(2), 20, 60, 300));
        assertThat(model.samples()).extracting(s -> s.time()).first().isEqualTo(T0.plusSeconds(5));
        assertThat(model.guardActions()).as("a guard action older than the window goes too").isEmpty();
        assertThat(model.windowStart()).isEqualTo(T0.plusSeconds(2));
    }
}
