package io.cloudvoter.agent.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One markdown document of the repository, read as GitHub renders it as far as the docs checks need:
 * fenced blocks (with the HTML comment that marks one, if any), links outside them, and the anchors
 * its headings get.
 */
record Markdown(Path file, String name, List<String> lines) {
    private static final Pattern HEADING = Pattern.compile("^#{1,6} +(.*?)#*\\s*$");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern MARKER = Pattern.compile("^<!--\\s*(.*?)\\s*-->$");

    /** A fenced block: its info string ({@code yaml}, or empty), its text, the line of its fence (from 1). */
    record Block(String lang, String text, int line, String marker) {
        boolean marked(String word) {
            return marker.startsWith(word);
        }
    }

    record Link(String target, int line) {
    }

    /** @param name the file's path from the repository's root, as messages name it */
    static Markdown read(Path root, String name) {
        var file = root.resolve(name);
        try {
            return new Markdown(file, name, Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String text() {
        return String.join("\n", lines);
    }

    List<Block> blocks() {
        var blocks = new ArrayList<Block>();
        for (int i = 0; i < lines.size(); i++) {
            var line = lines.get(i).strip();
            if (!line.startsWith("```")) {
                continue;
            }
            int start = i;
            var body = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).strip().startsWith("```"); i++) {
                body.append(unindent(lines.get(i), indentOf(lines.get(start)))).append('\n');
            }
            blocks.add(new Block(line.substring(3).strip(), body.toString(), start + 1, markerBefore(start)));
        }
        return blocks;
    }

    /** The links outside fenced blocks and inline code. */
    List<Link> links() {
        var links = new ArrayList<Link>();
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            var line = lines.get(i);
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", "``"));
            while (m.find()) {
                links.add(new Link(m.group(1), i + 1));
            }
        }
        return links;
    }

    /** The anchors of the headings, GitHub-style: the second "Usage" is {@code usage-1}. */
    Set<String> anchors() {
        var anchors = new LinkedHashSet<String>();
        var seen = new HashMap<String, Integer>();
        boolean fenced = false;
        for (var line : lines) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (!fenced && m.matches()) {
                String slug = slug(m.group(1));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
        }
        return anchors;
    }

    /** GitHub's rule: lower case, everything but letters, digits, spaces, '-' and '_' dropped, spaces to '-'. */
    static String slug(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    private String markerBefore(int fence) {
        for (int i = fence - 1; i >= 0; i--) {
            var line = lines.get(i).strip();
            if (!line.isEmpty()) {
                Matcher m = MARKER.matcher(line);
                return m.matches() ? m.group(1) : "";
            }
        }
        return "";
    }

    private static int indentOf(String line) {
        return line.length() - line.stripLeading().length();
    }

    private static String unindent(String line, int indent) {
        int n = Math.min(indent, indentOf(line));
        return line.substring(n);
    }
}
