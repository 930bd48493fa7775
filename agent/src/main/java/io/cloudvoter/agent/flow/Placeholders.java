package io.cloudvoter.agent.flow;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The URLs of a flow file: {@code {name}} placeholders replaced, and the result checked. */
final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");

    private final Map<String, String> values;

    /** @param values by name, with or without braces ({@code agent} or {@code {agent}}) */
    Placeholders(Map<String, String> values) {
        var copy = new HashMap<String, String>();
        values.forEach((k, v) -> copy.put(k.replaceAll("^\\{|}$", ""), v));
        this.values = Map.copyOf(copy);
    }

    /** These placeholders plus one more, e.g. {@code {target}} for goto URLs. */
    Placeholders with(String name, String value) {
        var more = new HashMap<>(values);
        more.put(name, value);
        return new Placeholders(more);
    }

    static boolean isHttpUrl(URI uri) {
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return uri.isAbsolute() && (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    }

    /** An absolute http(s) URL after placeholders, or {@code null} after reporting why not. */
    URI absolute(String raw, FieldReader in, String field) {
        var text = apply(raw, in, field);
        if (text == null) {
            return null;
        }
        try {
            var uri = new URI(text);
            if (isHttpUrl(uri)) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below, with the text after placeholders so the operator sees what was tried
        }
        in.problem(field, "'" + text + "' is not an absolute http(s) URL");
        return null;
    }

    /**
     * A URL after placeholders, resolved against {@code base} like a link on that page; {@code null}
     * after reporting why not. Without a base (it was invalid) only the syntax is checked.
     */
    String resolve(String raw, URI base, FieldReader in, String field) {
        var text = apply(raw, in, field);
        if (text == null) {
            return null;
        }
        try {
            var uri = base == null ? new URI(text) : base.resolve(new URI(text));
            if (base != null && !isHttpUrl(uri)) {
                in.problem(field, "'" + raw + "' does not lead to an http(s) URL");
                return null;
            }
            return uri.toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            in.problem(field, "'" + raw + "' is not a URL: " + e.getMessage());
            return null;
        }
    }

    /** Replaces placeholders; {@code null} after reporting any unknown one, so no second problem follows from it. */
    private String apply(String text, FieldReader in, String field) {
        var unknown = new LinkedHashSet<String>();
        var out = PLACEHOLDER.matcher(text).replaceAll(m -> {
            var value = values.get(m.group(1));
            if (value == null) {
                unknown.add(m.group());
            }
            return Matcher.quoteReplacement(value == null ? m.group() : value);
        });
        if (unknown.isEmpty()) {
            return out;
        }
        var known = values.keySet().stream().sorted().map(k -> "{" + k + "}").collect(Collectors.joining(", "));
        in.problem(field, "unknown placeholder " + String.join(", ", unknown)
                + (known.isEmpty() ? " (none are defined)" : " (known: " + known + ")"));
        return null;
    }
}
