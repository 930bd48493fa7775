package io.cloudvoter.agent.flow;

import io.cloudvoter.model.flow.Expectation;
import io.cloudvoter.model.flow.FlowSpec;
import io.cloudvoter.model.flow.OutcomeRules;
import io.cloudvoter.model.flow.RateLimitRule;
import io.cloudvoter.model.flow.Step;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A flow's placeholders for what differs between instances: {@code ${vars.NAME}},
 * {@code ${secrets.NAME}} and {@code ${instance.id}}, in {@code goto} URLs, {@code fill} values,
 * selectors and patterns (where the value stands for itself: it is quoted). A flow is parsed once;
 * each run gets a copy with its instance's values in ({@link #apply}).
 */
public final class FlowVariables {
    /** Any {@code ${…}}; only the three forms below are valid. */
    private static final Pattern ANY = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern VALID = Pattern.compile("(vars|secrets)\\.([A-Za-z0-9_.-]{1,64})|instance\\.id");

    private FlowVariables() {
    }

    /** An instance's values for its flow's placeholders. Secrets are held here only for the run. */
    public record Values(String instanceId, Map<String, String> vars, Map<String, String> secrets) {
        public Values {
            vars = Map.copyOf(vars);
            secrets = Map.copyOf(secrets);
        }

        public static Values none(String instanceId) {
            return new Values(instanceId, Map.of(), Map.of());
        }
    }

    /** Why the placeholders in {@code text} are wrong, or null. */
    static String problem(String text) {
        if (text == null) {
            return null;
        }
        var m = ANY.matcher(text);
        while (m.find()) {
            if (!VALID.matcher(m.group(1)).matches()) {
                return "unknown placeholder ${" + m.group(1) + "}: use ${vars.NAME}, ${secrets.NAME} or ${instance.id}";
            }
        }
        return null;
    }

    /** {@code text} with every placeholder replaced by a harmless stand-in: for checking patterns and URLs at load. */
    static String standIn(String text) {
        return text == null ? null : ANY.matcher(text).replaceAll("x");
    }

    static boolean hasPlaceholders(String text) {
        return text != null && text.contains("${");
    }

    /** The placeholders the flow uses, as {@code vars.NAME} and {@code secrets.NAME}. */
    public static Set<String> references(FlowSpec flow) {
        var found = new TreeSet<String>();
        UnaryOperator<String> scan = s -> {
            if (s != null) {
                var m = ANY.matcher(s);
                while (m.find()) {
                    if (!m.group(1).equals("instance.id")) {
                        found.add(m.group(1));
                    }
                }
            }
            return s;
        };
        transform(flow, scan, scan);
        return found;
    }

    /** Which of the flow's placeholders {@code vars} and {@code secretNames} leave unset, e.g. {@code [vars.user]}. */
    public static List<String> missing(FlowSpec flow, Set<String> vars, Set<String> secretNames) {
        return references(flow).stream()
                .filter(r -> r.startsWith("vars.") ? !vars.contains(r.substring(5)) : !secretNames.contains(r.substring(8)))
                .toList();
    }

    /** The flow as this instance runs it: every placeholder replaced; in patterns, quoted. */
    public static FlowSpec apply(FlowSpec flow, Values values) {
        if (references(flow).isEmpty() && !usesInstanceId(flow)) {
            return flow;
        }
        UnaryOperator<String> plain = s -> substitute(s, values, false);
        UnaryOperator<String> pattern = s -> substitute(s, values, true);
        return transform(flow, plain, pattern);
    }

    private static boolean usesInstanceId(FlowSpec flow) {
        var seen = new boolean[1];
        UnaryOperator<String> scan = s -> {
            seen[0] |= s != null && s.contains("${instance.id}");
            return s;
        };
        transform(flow, scan, scan);
        return seen[0];
    }

    private static String substitute(String text, Values values, boolean quote) {
        if (!hasPlaceholders(text)) {
            return text;
        }
        var m = ANY.matcher(text);
        var out = new StringBuilder();
        while (m.find()) {
            var ref = m.group(1);
            String value;
            if (ref.equals("instance.id")) {
                value = values.instanceId();
            } else if (ref.startsWith("vars.")) {
                value = values.vars().getOrDefault(ref.substring(5), "");
            } else {
                value = values.secrets().getOrDefault(ref.substring(8), "");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(quote ? literal(value) : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A value that matches itself in a pattern: every character with a meaning escaped. */
    static String literal(String value) {
        var out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Applies {@code text} to every plain string of the flow that may hold placeholders, {@code pattern} to every pattern. */
    private static FlowSpec transform(FlowSpec f, UnaryOperator<String> text, UnaryOperator<String> pattern) {
        var steps = new ArrayList<Step>();
        for (var step : f.steps()) {
            steps.add(step(step, text, pattern, f.target()));
        }
        var o = f.outcome();
        var rl = o.rateLimit();
        var expect = o.expect().stream().map(e -> expectation(e, text, pattern)).toList();
        var outcome = new OutcomeRules(map(o.success(), pattern), map(o.failure(), pattern),
                new RateLimitRule(map(rl.patterns(), pattern), rl.retryAfter(), rl.retryAt()), expect);
        return new FlowSpec(f.name(), f.target(), f.timeout(), f.cooldown(), steps, outcome, f.block(), f.trace(), f.retry(), f.saveState());
    }

    private static Step step(Step step, UnaryOperator<String> text, UnaryOperator<String> pattern, String target) {
        return switch (step) {
            case Step.Goto g -> new Step.Goto(gotoUrl(text.apply(g.url()), g.url(), target));
            case Step.Click c -> new Step.Click(map(c.selectors(), text), c.timeout());
            case Step.Fill f -> new Step.Fill(text.apply(f.selector()), text.apply(f.value()));
            case Step.Press p -> new Step.Press(text.apply(p.selector()), p.key());
            case Step.WaitFor w -> new Step.WaitFor(text.apply(w.selector()), text.apply(w.text()), w.timeout(), w.outcome());
            case Step.Extract e -> new Step.Extract(text.apply(e.selector()), e.name(), e.pattern() == null ? null : pattern.apply(e.pattern()),
                    e.attribute(), e.asText());
            case Step.Screenshot s -> s;
            case Step.Optional o -> new Step.Optional(step(o.step(), text, pattern, target));
        };
    }

    /** A goto URL with placeholders was kept as written; once they are filled in it resolves against the target like the rest. */
    private static String gotoUrl(String filled, String written, String target) {
        if (filled == null || filled.equals(written) || target == null) {
            return filled;
        }
        try {
            return URI.create(target).resolve(filled.strip()).toString();
        } catch (IllegalArgumentException e) {
            return filled; // navigation will say what is wrong with it
        }
    }

    private static Expectation expectation(Expectation e, UnaryOperator<String> text, UnaryOperator<String> pattern) {
        return switch (e) {
            case Expectation.Response r -> new Expectation.Response(pattern.apply(r.url()), r.method(), r.statusFrom(), r.statusTo());
            case Expectation.Url u -> new Expectation.Url(pattern.apply(u.pattern()));
            case Expectation.Element el -> new Expectation.Element(text.apply(el.selector()), el.state(), el.attribute(),
                    text.apply(el.value()));
        };
    }

    private static List<String> map(List<String> items, UnaryOperator<String> f) {
        return items.stream().map(f).toList();
    }
}
