package io.cloudvoter.agent.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format 0.0.4, for tests: every line must be a HELP, a TYPE
 * or a sample of the family last typed; names and label names must be valid; label values properly
 * escaped; values numbers (or NaN, +Inf, -Inf); no series twice; histogram buckets cumulative and
 * ending in {@code +Inf} equal to {@code _count}. Throws naming the line on anything else.
 */
final class PrometheusParser {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)( -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    record Family(String name, String type, String help, List<Sample> samples) {
    }

    static Map<String, Family> parse(String text) {
        var families = new LinkedHashMap<String, Family>();
        var helps = new HashMap<String, String>();
        var series = new HashSet<String>();
        Family current = null;
        int n = 0;
        for (var line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# HELP ")) {
                var parts = line.substring(7).split(" ", 2);
                require(NAME.matcher(parts[0]).matches(), n, line, "bad metric name");
                helps.put(parts[0], parts.length > 1 ? parts[1] : "");
            } else if (line.startsWith("# TYPE ")) {
                var parts = line.substring(7).split(" ");
                require(parts.length == 2 && NAME.matcher(parts[0]).matches() && TYPES.contains(parts[1]), n, line, "bad TYPE");
                require(!families.containsKey(parts[0]), n, line, "TYPE given twice");
                current = new Family(parts[0], parts[1], helps.get(parts[0]), new ArrayList<>());
                families.put(parts[0], current);
            } else if (line.startsWith("#")) {
                continue;
            } else {
                var m = SAMPLE.matcher(line);
                require(m.matches(), n, line, "not a sample");
                require(current != null, n, line, "sample before any TYPE");
                String name = m.group(1);
                require(belongs(name, current), n, line, "sample of another family than " + current.name());
                var labels = labels(m.group(3), n, line);
                require(series.add(name + labels), n, line, "series given twice");
                current.samples().add(new Sample(name, labels, value(m.group(4), n, line)));
            }
        }
        families.values().stream().filter(f -> f.type().equals("histogram")).forEach(PrometheusParser::checkHistogram);
        return families;
    }

    private static boolean belongs(String sample, Family f) {
        if (sample.equals(f.name())) {
            return !f.type().equals("histogram");
        }
        return f.type().equals("histogram") && (sample.equals(f.name() + "_bucket") || sample.equals(f.name() + "_sum")
                || sample.equals(f.name() + "_count"));
    }

    private static Map<String, String> labels(String text, int n, String line) {
        var labels = new LinkedHashMap<String, String>();
        if (text == null || text.isEmpty()) {
            return labels;
        }
        int at = 0;
        while (at < text.length()) {
            var m = LABEL.matcher(text).region(at, text.length());
            require(m.lookingAt(), n, line, "bad label at " + at);
            require(labels.put(m.group(1), unescape(m.group(2))) == null, n, line, "label twice");
            at = m.end();
            if (at < text.length()) {
                require(text.charAt(at) == ',', n, line, "labels must be separated by commas");
                at++;
            }
        }
        return labels;
    }

    private static String unescape(String s) {
        var out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char next = s.charAt(++i);
                out.append(next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static double value(String text, int n, String line) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("line " + n + ": '" + text + "' is not a number: " + line);
                }
            }
        };
    }

    private static void checkHistogram(Family f) {
        double previous = -1;
        double infinity = -1;
        double count = -1;
        for (var s : f.samples()) {
            if (s.name().endsWith("_bucket")) {
                require(s.value() >= previous, 0, s.toString(), "buckets of " + f.name() + " are not cumulative");
                previous = s.value();
                if ("+Inf".equals(s.labels().get("le"))) {
                    infinity = s.value();
                }
            } else if (s.name().endsWith("_count")) {
                count = s.value();
            }
        }
        require(infinity >= 0 && infinity == count, 0, f.name(), "the +Inf bucket must equal _count");
    }

    private static void require(boolean ok, int n, String line, String why) {
        if (!ok) {
            throw new IllegalArgumentException("line " + n + ": " + why + ": " + line);
        }
    }
}
