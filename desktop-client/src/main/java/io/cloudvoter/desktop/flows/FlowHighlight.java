package io.cloudvoter.desktop.flows;

import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Colours a flow's text, YAML or JSON: keys, quoted strings, numbers, durations and words such as
 * {@code true}, list dashes and comments. A few patterns, not a parser: a file the agent rejects is
 * still coloured as far as it reads.
 */
final class FlowHighlight {
    private static final Pattern TOKENS = Pattern.compile(String.join("|",
            "(?<COMMENT>(?<=^|\\s)#[^\\n]*)",
            "(?<QUOTEDKEY>\"(?:[^\"\\\\\\n]|\\\\.)*\"(?=\\s*:))",
            "(?<KEY>(?<=^|\\n|[-{,]\\s|\\{)[ \\t]*[A-Za-z_][\\w.-]*(?=[ \\t]*:(?:\\s|$)))",
            "(?<STRING>\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\n]|'')*')",
            "(?<DASH>(?<=^|\\n)[ \\t]*-(?=\\s))",
            "(?<VALUE>\\b(?:true|false|null|\\d+(?:\\.\\d+)?(?:ms|s|m|h|d)?)\\b)"), Pattern.MULTILINE);

    private FlowHighlight() {
    }

    static StyleSpans<Collection<String>> spans(String text) {
        var m = TOKENS.matcher(text);
        var spans = new StyleSpansBuilder<Collection<String>>();
        int last = 0;
        while (m.find()) {
            spans.add(List.of(), m.start() - last);
            spans.add(List.of(styleOf(m)), m.end() - m.start());
            last = m.end();
        }
        spans.add(List.of(), text.length() - last);
        return spans.create();
    }

    private static String styleOf(java.util.regex.Matcher m) {
        if (m.group("COMMENT") != null) {
            return "flow-comment";
        }
        if (m.group("QUOTEDKEY") != null || m.group("KEY") != null) {
            return "flow-key";
        }
        if (m.group("STRING") != null) {
            return "flow-string";
        }
        if (m.group("DASH") != null) {
            return "flow-dash";
        }
        return "flow-value";
    }
}
