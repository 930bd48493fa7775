package io.cloudvoter.desktop.resources;

import io.cloudvoter.model.api.GuardAction;
import io.cloudvoter.model.api.WorkerStatus;
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

    private static WorkerStatus worker(String name, String kind, String state, String error) {
        return new WorkerStatus(name, kind, kind.equals("local") ? "/usr/bin/chromium-headless-shell" : "ws://10.0.0.5:3000/ab12",
                state, "156.0", 0, 16, error, T0, 0);
    }

    @Test
    void workersComeFromTheSnapshotAndEverySampleThatCarriesThem() {
        var up = List.of(worker("worker-1", "local", "UP", null), worker("worker-2", "remote", "UP", null));
        model.reset(List.of(sample(T0, 10, 60, 300)), List.of(), up);
        assertThat(model.workers()).isEqualTo(up);
        assertThat(model.workerSummaryProperty().get().text()).isEqualTo("2 up");
        assertThat(model.workerSummaryProperty().get().tone()).isEqualTo("success");

        var lost = List.of(worker("worker-1", "local", "UP", null),
                worker("worker-2", "remote", "FAILED", "browser endpoint lost (ws://10.0.0.5:3000/ab12)"));
        model.add(sample(T0.plusSeconds(5), 10, 60, 300), lost);
        assertThat(model.workers()).isEqualTo(lost);
        var summary = model.workerSummaryProperty().get();
        assertThat(summary.text()).isEqualTo("1 up, 1 failed");
        assertThat(summary.tone()).isEqualTo("warning");
        assertThat(summary.failing()).containsExactly("worker-2 (ws://10.0.0.5:3000/ab12): browser endpoint lost (ws://10.0.0.5:3000/ab12)");

        model.add(sample(T0.plusSeconds(10), 10, 60, 300), List.of());
        assertThat(model.workers()).as("a sample without workers (an older agent) keeps what is known").isEqualTo(lost);

        model.reset(List.of(sample(T0.plusSeconds(15), 10, 60, 300)), List.of(), List.of());
        assertThat(model.workers()).as("a snapshot without workers: an older agent, nothing known").isEmpty();
        assertThat(model.workerSummaryProperty().get()).isNull();
    }

    @Test
    void everyWorkerFailedIsDangerAndSortsBeforeAgentsWhoseWorkersRun() {
        var allFailed = WorkerSummary.of(List.of(worker("worker-1", "remote", "FAILED", null)));
        var fine = WorkerSummary.of(List.of(worker("worker-1", "local", "UP", null), worker("worker-2", "remote", "STOPPED", null)));
        assertThat(allFailed.text()).isEqualTo("1 failed");
        assertThat(allFailed.tone()).isEqualTo("danger");
        assertThat(allFailed.failing()).containsExactly("worker-1 (ws://10.0.0.5:3000/ab12): no reason given");
        assertThat(fine.text()).isEqualTo("1 up, 1 stopped");
        assertThat(List.of(fine, allFailed).stream().sorted().toList()).containsExactly(allFailed, fine);
    }
}
