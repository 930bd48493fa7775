package io.cloudvoter.agent.flow;

import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.flow.Expectation;
import io.cloudvoter.model.flow.FlowSpec;
import io.cloudvoter.model.flow.RetryPolicy;
import io.cloudvoter.model.flow.SaveState;
import io.cloudvoter.model.flow.Step;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.cloudvoter.agent.flow.FlowParserProblemsTest.assertOnlyProblem;
import static io.cloudvoter.agent.flow.FlowParserProblemsTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

/** The flow format's keys for telling a real success from a page load: expect, waitFor outcome, extracts, optional, retry, saveState, placeholders. */
class FlowFormatTest {
    static final FlowParser PARSER = new FlowParser(Map.of());

    static FlowSpec parse(String yaml) {
        var result = PARSER.parse("f.yaml", "target: https://example.org/poll/\n" + yaml);
        assertThat(result).as(result.toString()).isInstanceOf(ParseResult.Valid.class);
        return ((ParseResult.Valid) result).flow();
    }

    @Test
    void expectationsOfResponsesUrlsAndElements() {
        var flow = parse("""
                steps: [goto]
                outcome:
                  expect:
                    - response: { url: "/vote", method: post, status: 200-299 }
                    - response: { url: "/tally" }
                    - url: "/thanks$"
                    - element: { selector: "#done", state: hidden }
                    - element: { selector: "#a", attribute: disabled }
                    - element: { selector: "#b", attribute: data-x, value: "1" }
                    - element: { selector: "#c" }
                """);
        assertThat(flow.outcome().expect()).containsExactly(
                new Expectation.Response("/vote", "POST", 200, 299),
                new Expectation.Response("/tally", null, 200, 399),
                new Expectation.Url("/thanks$"),
                new Expectation.Element("#done", "hidden", null, null),
                new Expectation.Element("#a", null, "disabled", null),
                new Expectation.Element("#b", null, "data-x", "1"),
                new Expectation.Element("#c", "visible", null, null));
        assertThat(flow.outcome().expect().getFirst().describe()).isEqualTo("response POST /vote 200-299");
    }

    @Test
    void wrongExpectationsAreNamed() {
        assertOnlyProblem(problems("steps: [goto]\noutcome:\n  expect:\n    - respons: { url: /x }\n"),
                "outcome.expect[0].respons", "did you mean 'response'?");
        assertOnlyProblem(problems("steps: [goto]\noutcome:\n  expect:\n    - response: { url: /x, status: 700 }\n"),
                "outcome.expect[0].response.status", "'700' is not a range of HTTP statuses within 100-599");
        assertOnlyProblem(problems("steps: [goto]\noutcome:\n  expect:\n    - element: { selector: '#a', state: shown }\n"),
                "outcome.expect[0].element.state", "unknown state 'shown'");
        assertOnlyProblem(problems("steps: [goto]\noutcome:\n  expect:\n    - element: { selector: '#a', value: x }\n"),
                "outcome.expect[0].element.value", "value needs attribute");
    }

    @Test
    void waitForOutcomeExtractsAndOptionalSteps() {
        var flow = parse("""
                steps:
                  - goto
                  - waitFor: outcome
                  - waitFor: { outcome: true, timeout: 5s }
                  - extract: { selector: "#t", name: title, as: text }
                  - extract: { selector: "a", name: link, attribute: href, as: text, pattern: "id=(\\\\d+)" }
                  - click: "#cookies"
                    optional: true
                """);
        assertThat(flow.steps()).containsExactly(
                new Step.Goto("https://example.org/poll/"),
                new Step.WaitFor(null, null, null, true),
                new Step.WaitFor(null, null, Duration.ofSeconds(5), true),
                new Step.Extract("#t", "title", null, null, true),
                new Step.Extract("a", "link", "id=(\\d+)", "href", true),
                new Step.Optional(new Step.Click(List.of("#cookies"), null)));
        assertOnlyProblem(problems("steps:\n  - extract: { selector: '#t', as: words }\n"), "steps[0].extract.as", "'words' is not number or text");
        assertOnlyProblem(problems("steps:\n  - click: '#a'\n    optional: maybe\n"), "steps[0].optional", "expected true or false");
    }

    @Test
    void retryAndSaveState() {
        var flow = parse("steps: [goto]\nretry: { attempts: 4, on: [ERROR], backoff: exponential, delay: 2s, max-delay: 5s }\n"
                         + "saveState: success\n");
        assertThat(flow.retry()).isEqualTo(new RetryPolicy(4, Set.of(Outcome.ERROR), RetryPolicy.Backoff.EXPONENTIAL,
                Duration.ofSeconds(2), Duration.ofSeconds(5)));
        assertThat(flow.retry().delayBefore(2)).hasSeconds(2);
        assertThat(flow.retry().delayBefore(3)).hasSeconds(4);
        assertThat(flow.retry().delayBefore(4)).as("at most max-delay").hasSeconds(5);
        assertThat(flow.saveState()).isEqualTo(SaveState.SUCCESS);
        assertThat(parse("steps: [goto]\n").saveState()).as("default").isEqualTo(SaveState.REACHED);
        assertThat(parse("steps: [goto]\n").retry()).isNull();
        var linear = new RetryPolicy(3, Set.of(Outcome.FAILED), RetryPolicy.Backoff.LINEAR, Duration.ofSeconds(10), Duration.ofMinutes(5));
        assertThat(linear.delayBefore(3)).hasSeconds(20);

        assertOnlyProblem(problems("steps: [goto]\nretry: { on: [RATE_LIMITED] }\n"), "retry.on", "RATE_LIMITED is never retried");
        assertOnlyProblem(problems("steps: [goto]\nretry: { attempts: 1 }\n"), "retry.attempts", "from 2 to 10");
        assertOnlyProblem(problems("steps: [goto]\nsaveState: sometimes\n"), "saveState", "'sometimes' is not reached, success or never");
    }

    @Test
    void placeholdersAreCheckedAtLoadAndFilledPerInstance() {
        var flow = parse("""
                steps:
                  - goto: "/u/${vars.user}?id=${instance.id}"
                  - fill: { selector: "#pw", value: "${secrets.password}" }
                outcome:
                  success: ["Hello ${vars.user}"]
                """);
        assertThat(FlowVariables.references(flow)).containsExactly("secrets.password", "vars.user");
        assertThat(FlowVariables.missing(flow, Set.of("user"), Set.of())).containsExactly("secrets.password");
        var filled = FlowVariables.apply(flow, new FlowVariables.Values("poll-1", Map.of("user", "a.b"), Map.of("password", "s3cret!")));
        assertThat(filled.steps()).containsExactly(new Step.Goto("https://example.org/u/a.b?id=poll-1"), new Step.Fill("#pw", "s3cret!"));
        assertThat(filled.outcome().success()).as("a value stands for itself in a pattern").containsExactly("Hello a\\.b");
        assertThat(TextPattern.compile(filled.outcome().success().getFirst()).find("Hello a.b").isPresent()).isTrue();
        assertThat(TextPattern.compile(filled.outcome().success().getFirst()).find("Hello aXb").isPresent()).isFalse();

        assertOnlyProblem(problems("steps:\n  - fill: { selector: '#a', value: '${env.HOME}' }\n"), "steps[0].fill.value",
                "unknown placeholder ${env.HOME}");
    }
}
