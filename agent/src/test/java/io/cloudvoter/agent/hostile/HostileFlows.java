package io.cloudvoter.agent.hostile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Flow files an attacker (or a careless copy) puts in the flows folder: links out of it, files that
 * are no flow at all and hold a secret, broken YAML and JSON, alias bombs, deep nesting, patterns that
 * would backtrack for ever or use syntax linear matching cannot honour, wrong types everywhere, files
 * too large or not UTF-8, names that fight over the demo flow's name.
 */
final class HostileFlows {
    /** Written into files (or what links point at); must never come back in a problem or a log line. */
    static final String SECRET = "0123456789abcdefSECRETfedcba9876543210";
    static final String GOOD = "target: \"http://127.0.0.1:9/\"\nsteps: [goto]\n";

    record FlowFile(String name, byte[] content, Path linkTo) {
    }

    private final Random random;
    private final Path outside;

    /** @param outside a folder outside the flows folder, where link targets live */
    HostileFlows(long seed, Path outside) {
        this.random = new Random(seed);
        this.outside = outside;
    }

    List<FlowFile> files() throws IOException {
        var files = new ArrayList<FlowFile>();
        var token = Files.writeString(outside.resolve("token"), SECRET + "\n");
        var shadow = Files.writeString(outside.resolve("shadow"), "root:$y$j9T$" + SECRET + ":19000:0:99999:7:::\n");
        var goodOutside = Files.writeString(outside.resolve("good.yaml"), GOOD);
        files.add(link("link-token.yaml", token));
        files.add(link("link-token.json", token));
        files.add(link("link-shadow.yml", shadow));
        files.add(link("link-good.yaml", goodOutside));
        files.add(link("link-dangling.yaml", outside.resolve("missing")));
        files.add(link("link-dir.yaml", outside));
        files.add(link("link-passwd.yaml", Path.of("/etc/passwd")));
        for (var content : List.of(SECRET, "\"" + SECRET + "\"", "- " + SECRET, "root:$y$j9T$" + SECRET + ":19000:0:99999:7:::\n"
                + "daemon:*:19000:0:99999:7:::", SECRET + ": " + SECRET, "[" + SECRET, "{\"" + SECRET + "\": 1}", "password: " + SECRET,
                "key: [" + SECRET, "{" + SECRET + "}", "a: b\n  c: " + SECRET, "? " + SECRET + "\n: x", "!!" + SECRET + " x",
                "&" + SECRET + " a", "*" + SECRET, "%YAML 9.9\n---\n" + SECRET)) {
            files.add(text("secret-" + files.size() + (random.nextBoolean() ? ".yaml" : ".json"), content));
        }
        files.add(text("bomb.yaml", aliasBomb()));
        files.add(text("deep.yaml", "a: ".repeat(0) + "[".repeat(20_000) + "]".repeat(20_000)));
        files.add(text("deep.json", "{\"target\":" + "[".repeat(50_000) + "]".repeat(50_000) + "}"));
        files.add(new FlowFile("big.yaml", ("# " + "x".repeat(1024) + "\n").repeat(1100).getBytes(StandardCharsets.UTF_8), null));
        files.add(new FlowFile("latin1.yaml", "target: \"http://caf\u00e9/\"\nsteps: [goto]\n".getBytes(StandardCharsets.ISO_8859_1), null));
        files.add(new FlowFile("binary.yaml", randomBytes(2048), null));
        files.add(new FlowFile("bom.json", ("\uFEFF{\"target\":\"http://127.0.0.1:9/\",\"steps\":[\"goto\"]}").getBytes(StandardCharsets.UTF_8), null));
        files.add(text("empty.yaml", ""));
        files.add(text("takeover.yaml", "name: demo-vote\n" + GOOD));
        files.add(text("a-takeover.json", "{\"name\":\"demo-vote\",\"target\":\"http://evil.example/\",\"steps\":[\"goto\"]}"));
        for (var pattern : List.of("(.*a){12}$", "(a+)+$", "(?<!x)y", "(?<=a)b", "(?=x)", "(a)\\\\1", "a*+", "(?>a)", "\\\\p{Alpha}",
                "[a&&b]", "(", "[", "\\\\", "a{99999}", "(?P<n>x)(?P<n>y)", "\\\\Q", "(?u)x", "\u0000")) {
            files.add(text("pattern-" + files.size() + ".yaml", GOOD + "outcome:\n  success: ['" + pattern.replace("'", "''") + "']\n"));
            files.add(text("retry-" + files.size() + ".yaml", GOOD + "outcome:\n  rateLimit: {patterns: [slow], retryAfter: '"
                    + pattern.replace("'", "''") + "'}\n"));
        }
        for (int i = 0; i < 30; i++) {
            files.add(text("mutant-" + i + ".yaml", mutant()));
        }
        files.add(text("name with spaces.yaml", GOOD));
        files.add(text("\u00e9t\u00e9.yml", GOOD));
        files.add(text("x".repeat(200) + ".yaml", GOOD));
        files.add(text("UPPER.YAML", "name: upper\n" + GOOD));
        return files;
    }

    private String mutant() {
        var keys = List.of("name", "target", "timeout", "cooldown", "block", "trace", "steps", "outcome", "clik", "x-custom");
        var values = List.of("123", "-1", "true", "null", "[]", "{}", "''", "'" + "y".repeat(5000) + "'", "99999999999d", "PT-5S",
                "'{unknown}'", "'javascript:alert(1)'", "'file:///etc/passwd'", "[goto, {click: ''}]", "[{fill: {selector: '#a'}}]",
                "[{waitFor: {selector: a, text: b}}]", "[{extract: {selector: '#c', pattern: 'no group'}}]",
                "[{screenshot: '../../etc/x'}]", "{success: [1, 2]}", "[image, bogus]", "'1m30'", "0");
        var sb = new StringBuilder();
        int n = 1 + random.nextInt(5);
        boolean target = random.nextBoolean();
        if (target) {
            sb.append("target: \"http://127.0.0.1:9/\"\n");
        }
        for (int i = 0; i < n; i++) {
            var k = keys.get(random.nextInt(keys.size()));
            if (sb.indexOf(k + ":") >= 0) {
                continue; // a duplicate key is its own test above
            }
            sb.append(k).append(": ").append(values.get(random.nextInt(values.size()))).append('\n');
        }
        return sb.toString();
    }

    private static String aliasBomb() {
        var sb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'j'; c++) {
            sb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                sb.append(i == 0 ? "" : ",").append('*').append(prev);
            }
            sb.append("]\n");
            prev = c;
        }
        return sb.append("target: *j\nsteps: [goto]\n").toString();
    }

    private FlowFile text(String name, String content) {
        return new FlowFile(name, content.getBytes(StandardCharsets.UTF_8), null);
    }

    private static FlowFile link(String name, Path target) {
        return new FlowFile(name, null, target);
    }

    private byte[] randomBytes(int n) {
        var b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
