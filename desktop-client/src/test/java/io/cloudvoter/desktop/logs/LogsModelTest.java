package io.cloudvoter.desktop.logs;

import io.cloudvoter.desktop.testing.FakeClock;
import io.cloudvoter.desktop.testing.SameThreadExecutor;
import io.cloudvoter.model.api.LogLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.IntStream;

import static io.cloudvoter.desktop.testing.Fixtures.T0;
import static io.cloudvoter.desktop.testing.Fixtures.log;
import static org.assertj.core.api.Assertions.assertThat;

class LogsModelTest {
    private final LogsModel model = new LogsModel(100, new SameThreadExecutor(new FakeClock(T0)), ZoneOffset.UTC);

    private static List<LogLine> lines(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> log(T0.plusMillis(i), "INFO", null, "line " + i)).toList();
    }

    @Test
    void keepsOnlyTheNewestLinesWhenTheBufferIsFull() {
        model.append(lines(0, 80), 0);
        model.append(lines(80, 130), 0);
        assertThat(model.all()).hasSize(100);
        assertThat(model.all().getFirst().message()).isEqualTo("line 30");
        assertThat(model.all().getLast().message()).isEqualTo("line 129");

        model.append(lines(130, 1000), 0);
        assertThat(model.all()).hasSize(100);
        assertThat(model.all().getFirst().message()).isEqualTo("line 900");
    }

    @Test
    void filtersByLevelInstanceAndTextTogether() {
        model.append(List.of(
                log(T0, "INFO", "poll-1", "[instance poll-1] run 4 SUCCESS"),
                log(T0, "WARNING", "poll-1", "[instance poll-1] run 5 FAILED: Voting is closed"),
                log(T0, "WARNING", "poll-2", "[instance poll-2] run 6 RATE_LIMITED"),
                log(T0, "SEVERE", null, "browser crashed; relaunching")), 0);

        model.filterProperty().set(new LogFilter(Level.WARNING, null, ""));
        assertThat(model.visible()).hasSize(3);
        model.filterProperty().set(new LogFilter(Level.WARNING, "poll-1", ""));
        assertThat(model.visible()).extracting(LogLine::message).containsExactly("[instance poll-1] run 5 FAILED: Voting is closed");
        model.filterProperty().set(new LogFilter(Level.ALL, null, "BROWSER"));
        assertThat(model.visible()).extracting(LogLine::message).containsExactly("browser crashed; relaunching");
        model.filterProperty().set(LogFilter.ALL);
        assertThat(model.visible()).hasSize(4);
    }

    @Test
    void newLinesWaitWhilePausedAndArriveInOrderOnResume() {
        model.append(lines(0, 3), 0);
        model.pausedProperty().set(true);
        model.append(lines(3, 6), 0);
        assertThat(model.all()).hasSize(3);
        assertThat(model.waitingProperty().get()).isEqualTo(3);

        model.pausedProperty().set(false);
        assertThat(model.all()).extracting(LogLine::message).containsExactly("line 0", "line 1", "line 2", "line 3", "line 4", "line 5");
        assertThat(model.waitingProperty().get()).isZero();
    }

    @Test
    void aLongPauseKeepsTheNewestLinesAndCountsTheRestAsDropped() {
        model.pausedProperty().set(true);
        model.append(lines(0, 150), 7);
        model.pausedProperty().set(false);
        assertThat(model.all()).hasSize(100);
        assertThat(model.all().getFirst().message()).isEqualTo("line 50");
        assertThat(model.droppedProperty().get()).isEqualTo(7 + 50);
    }

    @Test
    void aSnapshotReplacesTheBuffer() {
        model.append(lines(0, 10), 0);
        model.reset(lines(100, 102));
        assertThat(model.all()).extracting(LogLine::message).containsExactly("line 100", "line 101");
    }

    @Test
    void savesTheShownLinesAsText(@TempDir Path dir) throws Exception {
        model.append(List.of(log(T0, "INFO", "poll-1", "kept"), log(T0, "FINE", null, "hidden")), 0);
        model.filterProperty().set(new LogFilter(Level.INFO, null, ""));
        var saved = new ArrayList<Integer>();
        model.save(dir.resolve("log.txt"), saved::add, e -> { throw new AssertionError(e); });
        assertThat(saved).containsExactly(1);
        assertThat(Files.readString(dir.resolve("log.txt"))).isEqualTo("2026-11-27 10:00:00.000 INFO [instance poll-1] kept\n");
        assertThat(model.formatShort(log(T0, "WARNING", "poll-1", "[instance poll-1] run 5 FAILED")))
                .as("the agent's own instance tag is not repeated").isEqualTo("10:00:00.000  WARNING  [instance poll-1] run 5 FAILED");
    }
}
