package io.cloudvoter.agent.flow;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.Optional;
import java.util.regex.MatchResult;

/**
 * The one place where a flow's patterns (outcome texts, retry times, {@code extract} patterns) are
 * compiled and matched: case-insensitively, anywhere in the text, in time linear in the text's length
 * (RE2/J), so no page can keep a run busy past its timeout with a pattern such as {@code (.*a){12}$}.
 *
 * <p>RE2 has no lookahead or lookbehind, backreferences, possessive quantifiers or atomic groups, and
 * a few Java-only escapes; a pattern that uses them is refused when the flow is loaded
 * ({@link #problem}), naming the construct, instead of meaning something else at run time. Java's
 * {@code \\uXXXX} escape is read as RE2's {@code \\x{XXXX}} (the same character).
 */
public final class TextPattern {
    static final String WHY = "patterns are matched in linear time (RE2 syntax)";

    private final String source;
    private final Pattern pattern;

    private TextPattern(String source, Pattern pattern) {
        this.source = source;
        this.pattern = pattern;
    }

    /** @throws IllegalArgumentException with {@link #problem}'s reason when the pattern cannot be used */
    public static TextPattern compile(String source) {
        var why = unsupported(source);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        try {
            return new TextPattern(source, Pattern.compile(translate(source), Pattern.CASE_INSENSITIVE));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression: " + e.getDescription() + " in \"" + source + "\"");
        }
    }

    /** Why {@code source} cannot be a flow pattern, or empty. */
    public static Optional<String> problem(String source) {
        try {
            compile(source);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    public String source() {
        return source;
    }

    /** Capture groups in the pattern. */
    public int groups() {
        return pattern.groupCount();
    }

    /** The first match anywhere in {@code text}. */
    public Optional<MatchResult> find(String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(new Found(m)) : Optional.empty();
    }

    /**
     * Java-only constructs RE2 refuses (or would read differently), with an explanation. A scan over
     * the pattern that knows escapes, {@code \Q...\E} and character classes.
     */
    static String unsupported(String p) {
        boolean inClass = false;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                char n = p.charAt(i + 1);
                if (n == 'Q') {
                    int end = p.indexOf("\\E", i + 2);
                    i = end < 0 ? p.length() : end + 1;
                    continue;
                }
                if (!inClass && n >= '1' && n <= '9') {
                    return "backreferences (\\" + n + ") are not supported: " + WHY;
                }
                if ((n == 'p' || n == 'P') && !re2Property(p, i + 2)) {
                    return "\\" + n + p.substring(i + 2, Math.min(p.length(), p.indexOf('}', i) < 0 ? i + 2 : p.indexOf('}', i) + 1))
                            + " is not supported (RE2 knows Unicode classes such as \\p{L}, \\p{Lu}, \\p{Greek}): " + WHY;
                }
                if ("GZRXhHVec".indexOf(n) >= 0) {
                    return "\\" + n + " is not supported: " + WHY;
                }
                i++;
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                } else if (c == '&' && p.startsWith("&&", i)) {
                    return "character class intersection (&&) is not supported: " + WHY;
                }
                continue;
            }
            if (c == '[') {
                inClass = true;
                if (p.startsWith("[^]", i) || p.startsWith("[]", i)) {
                    i += p.charAt(i + 1) == '^' ? 2 : 1; // a ']' right after '[' is a literal
                }
            } else if (c == '(' && p.startsWith("(?", i)) {
                if (p.startsWith("(?<=", i) || p.startsWith("(?<!", i)) {
                    return "lookbehind " + p.substring(i, i + 4) + "...) is not supported: " + WHY;
                }
                if (p.startsWith("(?=", i) || p.startsWith("(?!", i)) {
                    return "lookahead " + p.substring(i, i + 3) + "...) is not supported: " + WHY;
                }
                if (p.startsWith("(?>", i)) {
                    return "atomic groups (?>...) are not supported: " + WHY;
                }
            } else if ((c == '+') && i > 0 && "*+?}".indexOf(p.charAt(i - 1)) >= 0 && !escaped(p, i - 1)) {
                return "possessive quantifiers (" + p.charAt(i - 1) + "+) are not supported, write " + p.charAt(i - 1)
                        + " alone: " + WHY;
            }
        }
        return null;
    }

    /** {@code \p{Lu}}, {@code \p{Greek}} are RE2's too; Java's {@code \p{Alpha}}, {@code \p{javaLowerCase}} are not. */
    private static boolean re2Property(String p, int from) {
        if (from >= p.length()) {
            return false;
        }
        if (p.charAt(from) != '{') {
            return true; // \pL
        }
        int end = p.indexOf('}', from);
        if (end < 0) {
            return false;
        }
        var name = p.substring(from + 1, end);
        return !(name.startsWith("java") || name.startsWith("Is") || name.startsWith("In")
                || java.util.Set.of("Lower", "Upper", "ASCII", "Alpha", "Digit", "Alnum", "Punct", "Graph", "Print",
                "Blank", "Cntrl", "XDigit", "Space").contains(name));
    }

    private static boolean escaped(String p, int i) {
        int backslashes = 0;
        for (int j = i - 1; j >= 0 && p.charAt(j) == '\\'; j--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** {@code \\uXXXX} (Java) is {@code \\x{XXXX}} (RE2). */
    private static String translate(String p) {
        var out = new StringBuilder(p.length());
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length() && p.charAt(i + 1) == 'u' && isHex(p, i + 2, 4)) {
                out.append("\\x{").append(p, i + 2, i + 6).append('}');
                i += 5;
            } else if (c == '\\' && i + 1 < p.length()) {
                out.append(c).append(p.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isHex(String p, int from, int n) {
        if (from + n > p.length()) {
            return false;
        }
        for (int i = from; i < from + n; i++) {
            if (Character.digit(p.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** A match, detached from its matcher. */
    private static final class Found implements MatchResult {
        private final int[] bounds;
        private final String[] groups;

        Found(Matcher m) {
            int n = m.groupCount();
            bounds = new int[2 * (n + 1)];
            groups = new String[n + 1];
            for (int g = 0; g <= n; g++) {
                bounds[2 * g] = m.start(g);
                bounds[2 * g + 1] = m.end(g);
                groups[g] = m.group(g);
            }
        }

        @Override
        public int start() {
            return bounds[0];
        }

        @Override
        public int start(int group) {
            return bounds[2 * group];
        }

        @Override
        public int end() {
            return bounds[1];
        }

        @Override
        public int end(int group) {
            return bounds[2 * group + 1];
        }

        @Override
        public String group() {
            return groups[0];
        }

        @Override
        public String group(int group) {
            return groups[group];
        }

        @Override
        public int groupCount() {
            return groups.length - 1;
        }
    }
}
