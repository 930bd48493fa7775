package io.cloudvoter.agent.config;

import io.cloudvoter.agent.deploy.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code agent.yaml} documents the settings whose defaults live in the readers: every key it names is
 * read, every key read is named there (with the variable that sets it), and every value it gives is
 * the default. Its commented examples of list entries are valid settings, and so is the deploy example.
 */
class AgentYamlTest {
    /** A key line, or a commented-out one ({@code # name: my-droplet}); an example entry ({@code #  - id:}) is neither. */
    private static final Pattern KEY_LINE = Pattern.compile("^( *)(# )?([a-z][a-z0-9-]*):(\\s|$)");
    private static final Pattern EXAMPLE_LINE = Pattern.compile("^( *)# ( +)(\\S.*)$");
    static List<String> lines;

    @TempDir
    Path dir;

    @BeforeAll
    static void readTheShippedFile() throws IOException {
        try (InputStream in = AgentYamlTest.class.getResourceAsStream("/agent.yaml")) {
            assertThat(in).as("agent.yaml on the class path").isNotNull();
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** Every key the file names, as problems spell it ({@code cloudvoter.guard.cpu.soft}), with its line. */
    static Map<String, String> documented() {
        var keys = new LinkedHashMap<String, String>();
        Deque<Map.Entry<Integer, String>> parents = new ArrayDeque<>();
        for (var line : lines) {
            var m = KEY_LINE.matcher(line);
            if (!m.find()) {
                continue;
            }
            int indent = m.group(1).length();
            while (!parents.isEmpty() && parents.peek().getKey() >= indent) {
                parents.pop();
            }
            var path = new ArrayList<String>();
            parents.descendingIterator().forEachRemaining(p -> path.add(p.getValue()));
            path.add(m.group(3));
            keys.put(String.join(".", path), line);
            parents.push(Map.entry(indent, m.group(3)));
        }
        return keys;
    }

    private ConfigLoader.Pass pass(String yaml, Map<String, String> env) throws IOException {
        Path file = null;
        if (yaml != null) {
            file = Files.writeString(dir.resolve("agent.yaml"), yaml);
        }
        return ConfigLoader.pass(file, env);
    }

    @Test
    void everyKeyReadIsDocumentedWithTheVariableThatSetsIt() throws IOException {
        var asked = pass(null, Map.of()).root().keysAsked();
        var documented = documented();

        assertThat(documented.keySet()).as("keys read by the agent but not in agent.yaml").containsAll(asked.keySet());
        asked.forEach((key, env) -> {
            if (env != null) {
                assertThat(documented.get(key)).as(key + " names the variable that sets it").contains(env);
            }
        });
    }

    @Test
    void everyDocumentedKeyIsRead() throws IOException {
        var asked = pass(null, Map.of()).root().keysAsked();

        var keys = documented().keySet().stream().filter(k -> k.startsWith("cloudvoter.")).toList();
        assertThat(asked.keySet()).as("keys in agent.yaml that no reader asks for").containsAll(keys);
    }

    @Test
    void everyVariableReadOnItsOwnIsNamedInTheFile() throws IOException {
        var text = String.join("\n", lines);
        var read = pass(null, Map.of()).root().envRead().stream().filter(n -> n.startsWith("CLOUDVOTER_")).toList();

        assertThat(read).isNotEmpty().allSatisfy(name -> assertThat(text).as(name).contains(name));
    }

    @Test
    void theValuesInTheFileAreTheDefaults() throws IOException {
        var fromFile = ConfigLoader.load(Files.writeString(dir.resolve("shipped.yaml"), String.join("\n", lines)), Map.of());
        var defaults = ConfigLoader.load(null, Map.of());

        var a = fromFile.sections();
        var b = defaults.sections();
        assertThat(a.guard()).isEqualTo(b.guard());
        assertThat(a.browser()).isEqualTo(b.browser());
        assertThat(a.stream()).isEqualTo(b.stream());
        assertThat(a.health()).isEqualTo(b.health());
        assertThat(a.auth()).isEqualTo(b.auth());
        assertThat(a.http()).isEqualTo(b.http());
        assertThat(a.tls()).isEqualTo(b.tls());
        assertThat(a.alerts()).isEqualTo(b.alerts());
        assertThat(a.demo()).isEqualTo(b.demo());
        for (var c : AgentConfig.class.getRecordComponents()) {
            assertThat(component(c, fromFile)).as(c.getName()).isEqualTo(component(c, defaults));
        }
    }

    @Test
    void theCommentedExamplesOfListEntriesAreValidSettings() throws IOException {
        var env = Map.of("OPS_HOOK_SECRET", "s1", "SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T/B/x",
                "DISCORD_WEBHOOK_URL", "https://discord.com/api/webhooks/1/x", "NTFY_TOKEN", "tk", "SMTP_PASSWORD", "pw");
        var examples = withExamples();
        var pass = pass(examples, env);
        pass.root().reportUnknownKeys();

        assertThat(pass.root().problems()).as(examples).isEmpty();
        var config = pass.config();
        assertThat(config.instances()).as("instances example").hasSize(1);
        assertThat(config.sections().browser().placement().endpoints()).as("endpoints example").hasSize(1);
        assertThat(config.sections().alerts().channels()).as("channels examples").hasSize(5);
        assertThat(config.sections().alerts().maintenance()).as("maintenance example").hasSize(1);
        // and every key an entry may have is shown in some example of its list
        var shown = String.join("\n", lines);
        pass.root().keysAsked().keySet().stream().filter(k -> k.contains("["))
                .map(k -> k.substring(k.lastIndexOf('.') + 1).replaceFirst("-env$", ""))
                .distinct()
                .forEach(key -> assertThat(shown).as("an example shows " + key).containsPattern("[ {]" + key + "(-env)?:"));
    }

    @Test
    void theDeployExampleLoads() throws IOException {
        // install.sh copies it to /etc/cloudvoter/agent.yaml
        var example = Files.copy(Tools.deploy().resolve("agent.yaml.example"), dir.resolve("agent.yaml"));

        assertThat(ConfigLoader.load(example, Map.of()).sections()).isEqualTo(ConfigLoader.load(null, Map.of()).sections());
    }

    private static Object component(java.lang.reflect.RecordComponent c, AgentConfig config) {
        try {
            return c.getAccessor().invoke(config);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** agent.yaml with the example entries under each empty list ({@code key: []}) uncommented. */
    static String withExamples() {
        var out = new ArrayList<String>();
        int listIndent = -1;
        for (var line : lines) {
            var key = KEY_LINE.matcher(line);
            var example = EXAMPLE_LINE.matcher(line);
            if (key.find() && key.group(2) == null && line.contains(": []")) {
                listIndent = key.group(1).length();
                out.add(line.replace(": []", ":"));
            } else if (listIndent >= 0 && example.matches() && example.group(1).length() == listIndent
                    && example.group(2).length() >= 1) {
                out.add(" ".repeat(listIndent + 1) + example.group(2) + example.group(3));
            } else {
                if (!line.isBlank() && !line.trim().startsWith("#")) {
                    listIndent = -1;
                }
                out.add(line);
            }
        }
        return String.join("\n", out) + "\n";
    }
}
