package io.cloudvoter.agent.history;

import io.cloudvoter.model.api.RunRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static io.cloudvoter.model.api.Outcome.FAILED;
import static io.cloudvoter.model.api.Outcome.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunCsvTest {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path dir;
    Database db;
    RunStore store;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("runs.db"));
        store = new RunStore(db, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void exportHasAHeaderAndQuotesCommasQuotesAndNewlines() {
        var quoted = finish("alpha", "He said \"no\", twice\nthen left", 2.5, "shot,1.png");
        var plain = finish("alpha", "fine", null, null);
        var running = store.start("beta", "poll", T0.plusMillis(1));

        assertThat(csv(RunQuery.newest())).isEqualTo(
                "id,instanceId,flow,outcome,startedAt,durationMs,message,extracted,artifact,attempt,retryOf,reason,values\r\n"
                + running.id() + ",beta,poll,RUNNING,2025-03-01T10:00:00.001Z,,,,,1,,,\r\n"
                + plain.id() + ",alpha,vote,SUCCESS,2025-03-01T10:00:00Z,1500,fine,,,1,,,\r\n"
                + quoted.id() + ",alpha,vote,SUCCESS,2025-03-01T10:00:00Z,1500,"
                + "\"He said \"\"no\"\", twice\nthen left\",2.5,\"shot,1.png\",1,,,\r\n");
    }

    @Test
    void textThatLooksLikeAFormulaIsNeutralisedButNegativeNumbersStayNumbers() {
        var run = finish("-alpha", "=HYPERLINK(\"http://x\",\"y\")", -3.25, "@evil.png");

        var row = csv(RunQuery.newest()).lines().skip(1).findFirst().orElseThrow();

        assertThat(row).isEqualTo(run.id() + ",'-alpha,vote,SUCCESS,2025-03-01T10:00:00Z,1500,"
                + "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-3.25,'@evil.png,1,,,");
        assertThat(RunCsv.text("+1")).isEqualTo("'+1");
        assertThat(RunCsv.text("-1")).isEqualTo("'-1");
        assertThat(RunCsv.text("\tcmd")).isEqualTo("'\tcmd");
        assertThat(RunCsv.text("a=b")).isEqualTo("a=b");
    }

    @Test
    void extractedNumbersArePlainDigits() {
        assertThat(RunCsv.number(42.0)).isEqualTo("42");
        assertThat(RunCsv.number(-0.5)).isEqualTo("-0.5");
        assertThat(RunCsv.number(1e20)).isEqualTo("100000000000000000000");
        assertThat(RunCsv.number(null)).isEmpty();
    }

    @Test
    void fiveThousandRunsStreamOutNewestFirstAcrossPages() {
        seed(5_000);

        var lines = csv(RunQuery.newest().withLimit(RunQuery.MAX_EXPORT)).split("\r\n");

        assertThat(lines).hasSize(5_001);
        assertThat(lines[0]).isEqualTo(RunCsv.HEADER);
        var ids = Arrays.stream(lines).skip(1).mapToLong(l -> Long.parseLong(l.substring(0, l.indexOf(',')))).toArray();
        assertThat(ids).containsExactly(LongStream.iterate(5_000, i -> i - 1).limit(5_000).toArray());
        assertThat(lines[5_000]).isEqualTo("1,i1,vote,SUCCESS,2025-03-01T10:00:00.001Z,1,done,-1,,1,,,");
    }

    @Test
    void exportLimitIsHonouredMidPageAndDefaultsToOneHundred() {
        seed(1_234);

        assertThat(csv(RunQuery.newest().withLimit(1_001)).split("\r\n")).hasSize(1_002);
        assertThat(csv(RunQuery.newest().withLimit(0)).split("\r\n")).hasSize(101);
        assertThat(csv(new RunQuery("i7", null, null, null, RunQuery.MAX_EXPORT)).split("\r\n")).hasSize(1 + 123);
    }

    @Test
    void runsCanBeRecordedWhileAnExportIsStreaming() throws Exception {
        seed(RunCsv.PAGE * 2);
        var startedDuringExport = new CompletableFuture<RunRecord>();
        var out = new StringWriter() {
            @Override
            public void write(String s) {
                if (!s.equals(RunCsv.HEADER + "\r\n") && !startedDuringExport.isDone()) {
                    // Another thread, because the store's lock is reentrant for this one.
                    startedDuringExport.complete(CompletableFuture
                            .supplyAsync(() -> store.start("late", "vote", T0))
                            .orTimeout(10, TimeUnit.SECONDS).join());
                }
                super.write(s);
            }
        };

        store.writeCsv(RunQuery.newest().withLimit(RunQuery.MAX_EXPORT), out);

        assertThat(startedDuringExport.get().id()).isEqualTo(RunCsv.PAGE * 2 + 1);
        assertThat(out.toString().split("\r\n")).hasSize(1 + RunCsv.PAGE * 2);
    }

    @Test
    void aFailingWriterSurfacesAsUncheckedIo() {
        seed(3);
        var broken = new Writer() {
            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                throw new IOException("connection reset");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };

        assertThatThrownBy(() -> store.writeCsv(RunQuery.newest(), broken))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("connection reset");
    }

    private RunRecord finish(String instance, String message, Double extracted, String artifact) {
        var run = store.start(instance, "vote", T0);
        return store.finish(run.id(), SUCCESS, 1_500, message, extracted, artifact);
    }

    /** Runs 1..n on instances i1..i10, written in one transaction to keep the test fast. */
    private void seed(int n) {
        db.write(c -> {
            try (var ps = c.prepareStatement("INSERT INTO runs (instance_id, flow, outcome, started_at, duration_ms,"
                    + " message, extracted) VALUES (?, 'vote', ?, ?, ?, 'done', ?)")) {
                for (int i = 1; i <= n; i++) {
                    ps.setString(1, "i" + ((i - 1) % 10 + 1));
                    ps.setString(2, (i % 2 == 0 ? FAILED : SUCCESS).name());
                    ps.setLong(3, T0.toEpochMilli() + i);
                    ps.setLong(4, i);
                    ps.setDouble(5, -i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    private String csv(RunQuery q) {
        var out = new StringWriter();
        store.writeCsv(q, out);
        return out.toString();
    }
}
