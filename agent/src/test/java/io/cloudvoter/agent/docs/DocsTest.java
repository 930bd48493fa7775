package io.cloudvoter.agent.docs;

import io.cloudvoter.agent.config.ConfigLoader;
import io.cloudvoter.agent.deploy.Tools;
import io.cloudvoter.agent.flow.FlowParser;
import io.cloudvoter.agent.flow.ParseResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documents stay true: every relative link and anchor resolves, every {@code ./cloudvoter}
 * command they name is one the launcher takes, and every configuration or flow example loads through
 * the agent's own loaders (or, marked {@code <!-- invalid -->}, is refused by them). The route table of
 * docs/api.md is checked against a real agent in {@link ApiRoutesTest}.
 */
class DocsTest {
    static final Path ROOT = Tools.deploy().getParent();
    private static final Pattern COMMAND = Pattern.compile("\\./cloudvoter ([a-z][a-z-]*)(?:[ \\t]+([a-z][a-z-]*))?");
    private static final Pattern ENV_NAME = Pattern.compile("-env: *([A-Z_][A-Z0-9_]*)");
    private static final Pattern FLOW_YAML = Pattern.compile("(?m)^steps:");
    private static final Pattern FLOW_JSON = Pattern.compile("(?m)^ {2}\"steps\":");
    static final String INVALID = "invalid";
    static final String NEEDS_FILES = "needs files";
    /** {@code <!-- invalid: vote.yaml, its problems in the next block -->}: the next block is what the agent says, line by line. */
    private static final Pattern SHOWN_PROBLEMS = Pattern.compile("invalid: (\\S+), its problems in the next block");

    @TempDir
    Path dir;

    /** README.md, docs/*.md and deploy/README.md, as paths from the repository's root. */
    static List<Markdown> documents() {
        var names = new ArrayList<>(List.of("README.md", "deploy/README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.map(p -> "docs/" + p.getFileName()).filter(n -> n.endsWith(".md")).sorted().forEach(names::add);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return names.stream().map(n -> Markdown.read(ROOT, n)).toList();
    }

    @Test
    void everyRelativeLinkPointsAtAFileAndEveryAnchorAtAHeading() {
        var broken = new ArrayList<String>();
        for (var doc : documents()) {
            for (var link : doc.links()) {
                if (link.target().matches("^[a-z][a-z0-9+.-]*:.*")) {
                    continue; // https:, mailto:, file: — not the repository's to check
                }
                String path = link.target().contains("#") ? link.target().substring(0, link.target().indexOf('#')) : link.target();
                String anchor = link.target().contains("#") ? link.target().substring(link.target().indexOf('#') + 1) : null;
                Path target = path.isEmpty() ? doc.file() : doc.file().getParent().resolve(path).normalize();
                String where = doc.name() + ":" + link.line() + ": (" + link.target() + ")";
                if (!Files.exists(target)) {
                    broken.add(where + " points at " + ROOT.relativize(target) + ", which does not exist");
                } else if (anchor != null) {
                    if (!target.toString().endsWith(".md")) {
                        broken.add(where + " has an anchor into a file that is not markdown");
                        continue;
                    }
                    var anchors = Markdown.read(ROOT, ROOT.relativize(target).toString()).anchors();
                    if (!anchors.contains(anchor)) {
                        broken.add(where + ": " + ROOT.relativize(target) + " has no heading #" + anchor);
                    }
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void theReadmesMapNamesEveryDocument() {
        var readme = Markdown.read(ROOT, "README.md");
        var linked = readme.links().stream().map(Markdown.Link::target).collect(java.util.stream.Collectors.toSet());
        var unmapped = documents().stream().map(Markdown::name).filter(n -> !n.equals("README.md") && !linked.contains(n)).toList();
        assertThat(unmapped).as("documents the README's map of the docs does not link").isEmpty();
    }

    @Test
    void everyLauncherCommandInTheDocsIsOneTheLauncherTakes() throws IOException {
        var launcher = Launcher.read(ROOT.resolve("cloudvoter"));
        assertThat(launcher.commands()).as("the launcher's commands, read from its case statement")
                .containsKeys("demo", "test", "agent", "token", "flow");
        var unknown = new ArrayList<String>();
        int seen = 0;
        for (var doc : documents()) {
            var lines = doc.lines();
            for (int i = 0; i < lines.size(); i++) {
                var m = COMMAND.matcher(lines.get(i));
                while (m.find()) {
                    seen++;
                    String problem = launcher.problem(m.group(1), m.group(2));
                    if (problem != null) {
                        unknown.add(doc.name() + ":" + (i + 1) + ": '" + m.group() + "': " + problem);
                    }
                }
            }
        }
        assertThat(seen).as("./cloudvoter commands found in the docs").isGreaterThan(20);
        assertThat(unknown).as("commands the launcher does not take").isEmpty();
    }

    @Test
    void everyConfigExampleLoadsThroughTheAgentsConfigLoader() throws IOException {
        var wrong = new ArrayList<String>();
        int checked = 0;
        for (var doc : documents()) {
            for (var block : doc.blocks()) {
                if (!block.lang().equals("yaml") || !firstSetting(block.text()).equals("cloudvoter:")) {
                    continue;
                }
                checked++;
                String where = doc.name() + ":" + block.line();
                String problem = configProblem(block.text(), checked);
                if (block.marked(NEEDS_FILES)) {
                    // It names files of a server (a certificate, say): every problem must be one of those files, nothing else.
                    var others = problem == null ? List.<String>of() : problem.lines().skip(1)
                            .filter(l -> !l.endsWith("does not exist or is not a readable file")).toList();
                    if (problem == null || !others.isEmpty()) {
                        wrong.add(where + ": marked as naming files of a server, but the agent says: " + problem);
                    }
                } else if (block.marked(INVALID) && problem == null) {
                    wrong.add(where + ": marked invalid, but the agent loads it");
                } else if (!block.marked(INVALID) && problem != null) {
                    wrong.add(where + ": the agent refuses it: " + problem);
                }
            }
        }
        assertThat(checked).as("configuration examples found").isGreaterThanOrEqualTo(5);
        assertThat(wrong).as("configuration examples").isEmpty();
    }

    @Test
    void everyFlowExampleParsesThroughTheAgentsFlowParser() {
        var parser = new FlowParser(Map.of("agent", "http://127.0.0.1:8077"));
        var wrong = new ArrayList<String>();
        int checked = 0;
        int invalid = 0;
        for (var doc : documents()) {
            var blocks = doc.blocks();
            for (int b = 0; b < blocks.size(); b++) {
                var block = blocks.get(b);
                boolean yaml = block.lang().equals("yaml") && FLOW_YAML.matcher(block.text()).find();
                boolean json = block.lang().equals("json") && FLOW_JSON.matcher(block.text()).find();
                if (!yaml && !json && !(block.lang().equals("yaml") && isFragment(block.text()))) {
                    continue;
                }
                checked++;
                String where = doc.name() + ":" + block.line();
                var shown = SHOWN_PROBLEMS.matcher(block.marker());
                String file = shown.matches() ? shown.group(1) : json ? "example.json" : "example.yaml";
                var result = parser.parse(file, yaml || json ? block.text() : asFlow(block.text()));
                if (block.marked(INVALID)) {
                    invalid++;
                    if (result instanceof ParseResult.Valid) {
                        wrong.add(where + ": marked invalid, but the agent loads it");
                    } else if (shown.matches()) {
                        var problems = ((ParseResult.Rejected) result).problems().stream().map(Object::toString).toList();
                        var next = b + 1 < blocks.size() ? blocks.get(b + 1).text().lines().toList() : List.<String>of();
                        if (!problems.equals(next)) {
                            wrong.add(where + ": the agent reports " + problems + ", the next block shows " + next);
                        }
                    }
                } else if (result instanceof ParseResult.Rejected rejected) {
                    wrong.add(where + ": the agent refuses it: " + rejected.problems());
                }
            }
        }
        assertThat(checked).as("flow examples and pieces of flows found").isGreaterThanOrEqualTo(10);
        assertThat(invalid).as("flow examples marked invalid").isGreaterThanOrEqualTo(1);
        assertThat(wrong).as("flow examples").isEmpty();
    }

    /** A piece of a flow: its outcome, its retry, or a list of steps. */
    private static boolean isFragment(String yaml) {
        String first = firstSetting(yaml);
        return first.startsWith("outcome:") || first.startsWith("retry:") || first.startsWith("- ");
    }

    /** The piece in the smallest flow around it, so that the piece is what gets checked. */
    private static String asFlow(String fragment) {
        String target = "target: \"https://poll.example.org/\"\n";
        return firstSetting(fragment).startsWith("- ") ? target + "steps:\n" + fragment : target + "steps: [goto]\n" + fragment;
    }

    /** The first line that is neither blank nor a comment. */
    private static String firstSetting(String yaml) {
        return yaml.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst().orElse("");
    }

    /** Loads the example as the agent's config file, with a data dir of its own and the variables it names set. */
    private String configProblem(String yaml, int n) throws IOException {
        var file = dir.resolve("example-" + n + ".yaml");
        Files.writeString(file, yaml);
        var env = new HashMap<String, String>();
        env.put("CLOUDVOTER_DATA_DIR", dir.resolve("data-" + n).toString());
        var names = ENV_NAME.matcher(yaml);
        while (names.find()) {
            env.put(names.group(1), "https://hooks.example.org/set-in-the-environment");
        }
        try {
            ConfigLoader.load(file, env);
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }
}
