package io.cloudvoter.agent.flow;

import io.cloudvoter.model.api.FlowInfo;
import io.cloudvoter.model.api.FlowProblem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class FlowCatalogTest {
    static final String GOOD = "target: https://example.org/\nsteps: [goto]\n";
    static final FlowParser PARSER = new FlowParser(Map.of());

    @TempDir
    Path dir;

    private final Logger logger = Logger.getLogger(FlowCatalog.class.getName());
    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureWarnings() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        logger.removeHandler(capture);
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    private static List<String> names(FlowCatalog catalog) {
        return catalog.flows().stream().map(FlowInfo::name).toList();
    }

    @Test
    void keepsGoodFlowsAndReportsBadAndDuplicateFiles() throws IOException {
        write("a.yaml", GOOD);
        write("b.json", "{\"name\": \"b\", \"target\": \"https://example.org/b\", \"timeout\": \"20s\", \"steps\": [\"goto\", {\"click\": \"#x\"}]}");
        write("c-bad.yml", "target: https://example.org/\nsteps: [clik]\n");
        write("d.yaml", "name: a\n" + GOOD);
        write("notes.txt", "not a flow");
        write(".#a.yaml", "editor lock file");

        var catalog = new FlowCatalog(dir, PARSER);

        assertThat(catalog.flows()).containsExactly(
                new FlowInfo("a", "a.yaml", "https://example.org/", Duration.ofSeconds(60), Duration.ofMinutes(5), 1),
                new FlowInfo("b", "b.json", "https://example.org/b", Duration.ofSeconds(20), Duration.ofMinutes(5), 2));
        assertThat(catalog.find("b")).get().extracting(f -> f.steps().size()).isEqualTo(2);
        assertThat(catalog.find("c-bad")).isEmpty();
        assertThat(catalog.problems()).extracting(FlowProblem::file, FlowProblem::field).containsExactly(
                tuple("c-bad.yml", "steps[0]"),
                tuple("d.yaml", "name"));
        assertThat(catalog.problems().get(1).reason()).contains("'a' is already used by a.yaml");
    }

    @Test
    void linksAreRefusedUnfollowedAndNothingOfWhatTheyPointAtIsQuoted(@TempDir Path outside) throws IOException {
        var secret = "abcdef0123456789abcdef0123456789abcdef0123456789";
        var token = Files.writeString(outside.resolve("token"), secret + "\n");
        var shadow = Files.writeString(outside.resolve("shadow"), "root:$y$j9T$" + secret + ":19000:0:99999:7:::\n");
        Files.createSymbolicLink(dir.resolve("token.yaml"), token);
        Files.createSymbolicLink(dir.resolve("shadow.json"), shadow);
        Files.createSymbolicLink(dir.resolve("good.yaml"), Files.writeString(outside.resolve("good.yaml"), GOOD));
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/inner.yaml"), GOOD);
        Files.createSymbolicLink(dir.resolve("up.yaml"), dir.resolve("sub/inner.yaml"));

        var catalog = new FlowCatalog(dir, PARSER);

        assertThat(catalog.flows()).as("not even a link to a good flow").isEmpty();
        assertThat(catalog.problems()).extracting(FlowProblem::file)
                .containsExactlyInAnyOrder("good.yaml", "shadow.json", "token.yaml", "up.yaml");
        assertThat(catalog.problems()).allSatisfy(p -> assertThat(p.reason()).contains("symbolic link"));
        assertThat(catalog.problems().toString()).doesNotContain(secret).doesNotContain("root:");
        assertThat(warnings.toString()).doesNotContain(secret);
    }

    @Test
    void aFileThatIsNoFlowAtAllIsNeverQuoted() throws IOException {
        var secret = "abcdef0123456789abcdef0123456789abcdef0123456789";
        write("token.yaml", secret + "\n");
        write("token.json", secret + "\n");
        write("quoted.json", "\"" + secret + "\"");
        write("shadow.yaml", "root:$y$j9T$" + secret + ":19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n");
        write("list.yaml", "- " + secret + "\n");
        write("broken.yaml", "key: [" + secret + "\n");

        var catalog = new FlowCatalog(dir, PARSER);

        assertThat(catalog.problems()).extracting(FlowProblem::file).containsOnly(
                "broken.yaml", "list.yaml", "quoted.json", "shadow.yaml", "token.json", "token.yaml");
        assertThat(catalog.problems().toString()).doesNotContain(secret).doesNotContain("j9T").doesNotContain("daemon");
        assertThat(warnings.toString()).doesNotContain(secret);
    }

    @Test
    void aNewFileDoesNotTakeOverAFlowNameThatAnotherFileAlreadyHas() throws IOException {
        write("m-vote.yaml", "name: vote\n" + GOOD);
        var catalog = new FlowCatalog(dir, PARSER);
        assertThat(catalog.flows()).extracting(FlowInfo::file).containsExactly("m-vote.yaml");

        write("a-copy.yaml", "name: vote\ntarget: https://evil.example/\nsteps: [goto]\n");
        catalog.reload();

        assertThat(catalog.find("vote")).get().extracting(f -> f.target()).isEqualTo("https://example.org/");
        assertThat(catalog.flows()).extracting(FlowInfo::file).containsExactly("m-vote.yaml");
        assertThat(catalog.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("a-copy.yaml");
            assertThat(p.reason()).contains("'vote' is already used by m-vote.yaml");
        });

        Files.delete(dir.resolve("m-vote.yaml"));
        catalog.reload();
        assertThat(catalog.flows()).as("once the name is free, the other file has it")
                .extracting(FlowInfo::file).containsExactly("a-copy.yaml");
        assertThat(catalog.problems()).isEmpty();
    }

    @Test
    void createsAMissingFolder() {
        var folder = dir.resolve("flows/nested");

        var catalog = new FlowCatalog(folder, PARSER);

        assertThat(folder).isDirectory();
        assertThat(catalog.flows()).isEmpty();
        assertThat(catalog.folder()).isEqualTo(folder);
    }

    @Test
    void reloadReportsUnchangedWhenNothingChanged() throws IOException {
        write("a.yaml", GOOD);
        var catalog = new FlowCatalog(dir, PARSER);

        assertThat(catalog.reload()).isFalse();
        assertThat(names(catalog)).containsExactly("a");
    }

    @Test
    void reloadPicksUpAddedChangedAndRemovedFiles() throws IOException {
        write("a.yaml", GOOD);
        write("b.yaml", GOOD);
        var catalog = new FlowCatalog(dir, PARSER);

        write("c.yaml", GOOD);
        assertThat(catalog.reload()).isTrue();
        assertThat(names(catalog)).containsExactly("a", "b", "c");

        // Same size, later time: only the modification time tells the edit apart.
        write("a.yaml", GOOD.replace("example.org", "example.net"));
        Files.setLastModifiedTime(dir.resolve("a.yaml"), FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertThat(catalog.reload()).isTrue();
        assertThat(catalog.find("a")).get().extracting(f -> f.target()).isEqualTo("https://example.net/");

        Files.delete(dir.resolve("b.yaml"));
        assertThat(catalog.reload()).isTrue();
        assertThat(names(catalog)).containsExactly("a", "c");
        assertThat(catalog.reload()).isFalse();
    }

    @Test
    void aBrokenEditKeepsTheLastGoodVersionRunningUntilTheFileIsFixedOrDeleted() throws IOException {
        write("a.yaml", GOOD);
        write("b.yaml", GOOD.replace("timeout: 20s", "timeout: 25s"));
        var catalog = new FlowCatalog(dir, PARSER);
        var good = catalog.find("b").orElseThrow();

        write("b.yaml", "target: [oops\n");
        assertThat(catalog.reload()).isTrue();
        assertThat(names(catalog)).as("the last good b keeps running").containsExactly("a", "b");
        assertThat(catalog.find("b")).containsSame(good);
        assertThat(catalog.problems()).extracting(FlowProblem::file).containsOnly("b.yaml");
        assertThat(catalog.problems()).anySatisfy(p -> assertThat(p.reason()).startsWith("YAML syntax error at line"))
                .anySatisfy(p -> assertThat(p.reason()).isEqualTo(
                        "the last good version of flow 'b' keeps running until this file is fixed or deleted"));

        write("b.yaml", GOOD + "cooldown: 1m\n");
        assertThat(catalog.reload()).isTrue();
        assertThat(names(catalog)).containsExactly("a", "b");
        assertThat(catalog.find("b").orElseThrow().cooldown()).hasMinutes(1);
        assertThat(catalog.problems()).isEmpty();

        write("b.yaml", "target: [oops\n");
        catalog.reload();
        Files.delete(dir.resolve("b.yaml"));
        assertThat(catalog.reload()).isTrue();
        assertThat(names(catalog)).as("deleted: gone").containsExactly("a");
        assertThat(catalog.problems()).isEmpty();
    }

    @Test
    void aNewFileThatNeverLoadedHasNothingToKeep() throws IOException {
        write("a.yaml", GOOD);
        var catalog = new FlowCatalog(dir, PARSER);
        write("c.yaml", "target: [oops\n");
        catalog.reload();
        assertThat(names(catalog)).containsExactly("a");
        assertThat(catalog.problems()).singleElement().satisfies(p -> assertThat(p.reason()).startsWith("YAML syntax error"));
    }

    @Test
    void logsEachRejectedFileOncePerChange() throws IOException {
        write("bad.yaml", "target: https://example.org/\nsteps: [clik]\n");
        var catalog = new FlowCatalog(dir, PARSER);
        write("other.yaml", GOOD);
        catalog.reload();

        assertThat(warnings).singleElement().satisfies(r -> assertThat(r.getMessage())
                .contains("bad.yaml").contains("steps[0]").contains("unknown step 'clik'"));

        write("bad.yaml", "target: https://example.org/\nsteps: [clik, fil]\n");
        catalog.reload();
        assertThat(warnings).hasSize(2);
    }

    @Test
    void fileThatIsNotUtf8IsAProblemNotAnException() throws IOException {
        Files.write(dir.resolve("latin1.yaml"), new byte[]{'n', 'a', 'm', 'e', ':', ' ', (byte) 0xE9, '\n'});

        var catalog = new FlowCatalog(dir, PARSER);

        assertThat(catalog.problems()).singleElement().isEqualTo(new FlowProblem("latin1.yaml", "", "not UTF-8 text"));
    }

    @Test
    void readersAlwaysSeeACompleteSnapshotWhileReloading() throws Exception {
        write("a.yaml", GOOD);
        var catalog = new FlowCatalog(dir, PARSER);
        var stop = new AtomicBoolean();
        var torn = new AtomicInteger();
        var reader = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                // b exists exactly when b.yaml is good; a must never disappear.
                if (catalog.find("a").isEmpty()) {
                    torn.incrementAndGet();
                }
            }
        });
        for (int i = 0; i < 50; i++) {
            write("b.yaml", i % 2 == 0 ? GOOD : "target: x\n");
            Files.setLastModifiedTime(dir.resolve("b.yaml"), FileTime.fromMillis(1_000_000L * (i + 1)));
            assertThat(catalog.reload()).isTrue();
        }
        stop.set(true);
        reader.join(5_000);

        assertThat(torn.get()).isZero();
        assertThat(catalog.problems()).extracting(FlowProblem::file).containsOnly("b.yaml");
    }
}
