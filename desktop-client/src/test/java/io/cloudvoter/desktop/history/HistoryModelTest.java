package io.cloudvoter.desktop.history;

import io.cloudvoter.desktop.connection.AgentApi;
import io.cloudvoter.desktop.connection.Profile;
import io.cloudvoter.desktop.notify.Notice;
import io.cloudvoter.desktop.testing.FakeClock;
import io.cloudvoter.desktop.testing.SameThreadExecutor;
import io.cloudvoter.desktop.testing.StreamServer;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static io.cloudvoter.desktop.testing.Fixtures.T0;
import static io.cloudvoter.desktop.testing.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

/** The history model over real HTTP (a test server speaking the agent's REST API), same-thread executor. */
class HistoryModelTest {
    private static StreamServer server;
    private final List<Notice> notices = new ArrayList<>();
    private HistoryModel model;

    @BeforeAll
    static void start() {
        server = new StreamServer("history");
        for (int i = 1; i <= 120; i++) {
            server.addRun(run(i, i % 2 == 0 ? "poll-1" : "poll-2", i % 10 == 0 ? Outcome.FAILED : Outcome.SUCCESS,
                    T0.plusSeconds(i * 10L)));
        }
        server.addArtifact(10, new byte[]{(byte) 0x89, 'P', 'N', 'G'});
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private HistoryModel model() {
        var clock = new FakeClock(T0);
        var api = new AgentApi(AgentApi.newHttpClient(), new Profile("t", server.url(), StreamServer.TOKEN));
        model = new HistoryModel(api, new SameThreadExecutor(clock), clock, ZoneOffset.UTC, notices::add);
        model.filterProperty().set(RunFilter.ALL);
        return model;
    }

    @Test
    void pagesBackAndForthByRunId() {
        var m = model();
        m.load();
        assertThat(m.runs()).hasSize(HistoryModel.PAGE_SIZE);
        assertThat(m.runs().getFirst().id()).isEqualTo(120);
        assertThat(m.hasNextProperty().get()).isTrue();

        m.next();
        assertThat(m.pageProperty().get()).isEqualTo(2);
        assertThat(m.runs()).extracting(RunRecord::id).startsWith(70L).endsWith(21L);
        m.next();
        assertThat(m.runs()).extracting(RunRecord::id).startsWith(20L).endsWith(1L);
        assertThat(m.hasNextProperty().get()).isFalse();

        m.previous();
        assertThat(m.runs().getFirst().id()).isEqualTo(70);
        m.previous();
        assertThat(m.runs().getFirst().id()).isEqualTo(120);
        assertThat(m.pageProperty().get()).isEqualTo(1);
    }

    @Test
    void filtersGoToTheAgentAndTheSummaryCoversThePeriod() {
        var m = model();
        m.filterProperty().set(new RunFilter("poll-1", Outcome.FAILED, null));
        m.load();
        assertThat(m.runs()).extracting(RunRecord::id).containsExactly(120L, 110L, 100L, 90L, 80L, 70L, 60L, 50L, 40L, 30L, 20L, 10L);
        assertThat(server.calls()).contains("GET /api/runs");
        // the summary ignores the outcome filter: a rate needs every outcome
        assertThat(m.perInstance()).containsExactly(new SummaryRow("poll-1", 60, 48, 12, 0));
    }

    @Test
    void showsTheScreenshotOfAFailedRun() {
        var m = model();
        m.load();
        m.show(run(10, "poll-1", Outcome.FAILED, T0));
        assertThat(m.screenshotProperty().get()).containsExactly(0x89, 'P', 'N', 'G');
        m.show(run(11, "poll-2", Outcome.SUCCESS, T0));
        assertThat(m.screenshotProperty().get()).isNull();
        assertThat(m.screenshotNoteProperty().get()).startsWith("No screenshot");
    }

    @Test
    void exportsTheCsvToAFile(@TempDir Path dir) throws Exception {
        var m = model();
        m.exportCsv(dir.resolve("runs.csv"));
        assertThat(Files.readAllLines(dir.resolve("runs.csv"))).hasSize(121).first().isEqualTo("id,instance,outcome");
        assertThat(notices).singleElement().extracting(Notice::title).isEqualTo("CSV exported");
        assertThat(dir.resolve("runs.csv.part")).doesNotExist();
    }
}
