package io.cloudvoter.agent.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands the launcher {@code ./cloudvoter} takes, read from its {@code case "$cmd" in} statement:
 * each top-level label, and for a command whose branch has a {@code case} of its own on its first
 * argument (such as {@code token show|rotate}), the words that one takes.
 */
record Launcher(Map<String, Set<String>> commands) {
    private static final Pattern TOP_LABEL = Pattern.compile("^ {2}([a-z][a-z|-]*)\\)");
    private static final Pattern NESTED_CASE = Pattern.compile("^\\s+case \"\\$\\{1[:}]");
    private static final Pattern NESTED_LABEL = Pattern.compile("^\\s+([a-z][a-z|-]*)\\)");

    static Launcher read(Path launcher) throws IOException {
        List<String> lines = Files.readAllLines(launcher);
        int start = lines.indexOf("case \"$cmd\" in");
        if (start < 0) {
            throw new AssertionError(launcher + ": no line 'case \"$cmd\" in' to read the commands from");
        }
        var commands = new LinkedHashMap<String, Set<String>>();
        List<String> current = List.of();
        boolean nested = false;
        for (int i = start + 1; i < lines.size() && !lines.get(i).equals("esac"); i++) {
            String line = lines.get(i);
            Matcher top = TOP_LABEL.matcher(line);
            if (top.find()) {
                current = List.of(top.group(1).split("\\|"));
                current.forEach(c -> commands.put(c, new LinkedHashSet<>()));
                nested = false;
            } else if (NESTED_CASE.matcher(line).find()) {
                nested = true;
            } else if (nested) {
                Matcher label = NESTED_LABEL.matcher(line);
                if (label.find()) {
                    for (var c : current) {
                        commands.get(c).addAll(List.of(label.group(1).split("\\|")));
                    }
                }
            }
        }
        return new Launcher(commands);
    }

    /** Why {@code ./cloudvoter command word} is not something the launcher takes, or null when it is. */
    String problem(String command, String word) {
        var words = commands.get(command);
        if (words == null) {
            return "the launcher has no command '" + command + "' (it has " + commands.keySet() + ")";
        }
        if (word != null && !words.isEmpty() && !words.contains(word)) {
            return "'" + command + "' takes " + words + ", not '" + word + "'";
        }
        return null;
    }
}
