package io.cloudvoter.agent.flow;

import io.cloudvoter.model.flow.FlowSpec;
import io.cloudvoter.model.flow.OutcomeRules;
import io.cloudvoter.model.flow.RateLimitRule;
import io.cloudvoter.model.flow.Step;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FlowParserTest {
    static final FlowParser PARSER = new FlowParser(Map.of("agent", "http://127.0.0.1:8077"));

    static final String FULL_YAML = """
            name: demo-vote
            target: "{agent}/demo/"
            timeout: 20s
            cooldown: 10s
            block: [image, font, media]
            trace: true
            steps:
              - goto
              - click: "#vote"
              - click: { selectors: ["#a", "#b"], timeout: 5s }
              - fill: { selector: "#name", value: "Ann" }
              - press: { selector: "#name", key: Enter }
              - press: Tab
              - waitFor: { selector: "#message" }
              - waitFor: { text: "Thanks", timeout: 3s }
              - waitFor: "#x"
              - extract: { selector: "#count", name: votes, pattern: "(\\\\d+) votes" }
              - screenshot: after-vote
              - screenshot: { name: full, fullPage: true }
              - goto: "/results"
              - goto: "{target}thanks"
              - goto: "https://example.org/x"
            outcome:
              success: ["Thanks for voting"]
              failure: "Voting is closed"
              rateLimit:
                patterns: ["Too many votes"]
                retryAfter: "Try again in (\\\\d+) (seconds?|minutes?)"
                retryAt: "retry at (\\\\d{2}:\\\\d{2})"
            """;

    static final String FULL_JSON = """
            {
              "name": "demo-vote",
              "target": "{agent}/demo/",
              "timeout": "20s",
              "cooldown": "10s",
              "block": ["image", "font", "media"],
              "trace": true,
              "steps": [
                "goto",
                {"click": "#vote"},
                {"click": {"selectors": ["#a", "#b"], "timeout": "5s"}},
                {"fill": {"selector": "#name", "value": "Ann"}},
                {"press": {"selector": "#name", "key": "Enter"}},
                {"press": "Tab"},
                {"waitFor": {"selector": "#message"}},
                {"waitFor": {"text": "Thanks", "timeout": "3s"}},
                {"waitFor": "#x"},
                {"extract": {"selector": "#count", "name": "votes", "pattern": "(\\\\d+) votes"}},
                {"screenshot": "after-vote"},
                {"screenshot": {"name": "full", "fullPage": true}},
                {"goto": "/results"},
                {"goto": "{target}thanks"},
                {"goto": "https://example.org/x"}
              ],
              "outcome": {
                "success": ["Thanks for voting"],
                "failure": "Voting is closed",
                "rateLimit": {
                  "patterns": ["Too many votes"],
                  "retryAfter": "Try again in (\\\\d+) (seconds?|minutes?)",
                  "retryAt": "retry at (\\\\d{2}:\\\\d{2})"
                }
              }
            }
            """;

    static FlowSpec valid(String file, String text) {
        var result = PARSER.parse(file, text);
        assertThat(result).as("problems: %s", result).isInstanceOf(ParseResult.Valid.class);
        return ((ParseResult.Valid) result).flow();
    }

    @Test
    void readsEveryPartOfTheFullYamlExample() {
        var flow = valid("vote.yaml", FULL_YAML);

        assertThat(flow.name()).isEqualTo("demo-vote");
        assertThat(flow.target()).isEqualTo("http://127.0.0.1:8077/demo/");
        assertThat(flow.timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(flow.cooldown()).isEqualTo(Duration.ofSeconds(10));
        assertThat(flow.block()).isEqualTo(Set.of("image", "font", "media"));
        assertThat(flow.trace()).isTrue();
        assertThat(flow.steps()).containsExactly(
                new Step.Goto("http://127.0.0.1:8077/demo/"),
                new Step.Click(List.of("#vote"), null),
                new Step.Click(List.of("#a", "#b"), Duration.ofSeconds(5)),
                new Step.Fill("#name", "Ann"),
                new Step.Press("#name", "Enter"),
                new Step.Press(null, "Tab"),
                new Step.WaitFor("#message", null, null),
                new Step.WaitFor(null, "Thanks", Duration.ofSeconds(3)),
                new Step.WaitFor("#x", null, null),
                new Step.Extract("#count", "votes", "(\\d+) votes"),
                new Step.Screenshot("after-vote", false),
                new Step.Screenshot("full", true),
                new Step.Goto("http://127.0.0.1:8077/results"),
                new Step.Goto("http://127.0.0.1:8077/demo/thanks"),
                new Step.Goto("https://example.org/x"));
        assertThat(flow.outcome()).isEqualTo(new OutcomeRules(
                List.of("Thanks for voting"), List.of("Voting is closed"),
                new RateLimitRule(List.of("Too many votes"), "Try again in (\\d+) (seconds?|minutes?)", "retry at (\\d{2}:\\d{2})")));
    }

    @Test
    void jsonFileGivesTheSameFlowAsYaml() {
        assertThat(valid("vote.json", FULL_JSON)).isEqualTo(valid("vote.yaml", FULL_YAML));
    }

    @Test
    void appliesDefaultsAndNamesTheFlowAfterItsFile() {
        var flow = valid("my-flow.yml", """
                target: https://example.org/
                steps: [goto]
                """);

        assertThat(flow.name()).isEqualTo("my-flow");
        assertThat(flow.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(flow.cooldown()).isEqualTo(Duration.ofMinutes(5));
        assertThat(flow.block()).isEmpty();
        assertThat(flow.trace()).isFalse();
        assertThat(flow.outcome()).isEqualTo(OutcomeRules.none());
    }

    @Test
    void gotoWithNoValueAndBareNumbersAsSecondsAreAccepted() {
        var flow = valid("f.yaml", """
                target: https://example.org/a/
                timeout: 45
                steps:
                  - goto:
                  - screenshot
                """);

        assertThat(flow.timeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(flow.steps()).containsExactly(new Step.Goto("https://example.org/a/"), new Step.Screenshot("step2", false));
    }

    @Test
    void builtInDemoFlowIsValid() throws IOException {
        String text;
        try (var in = FlowParserTest.class.getResourceAsStream("/demo/demo-vote.yaml")) {
            assertThat(in).as("demo/demo-vote.yaml on the class path").isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        var flow = valid("demo-vote.yaml", text);

        assertThat(flow.name()).isEqualTo("demo-vote");
        assertThat(flow.target()).isEqualTo("http://127.0.0.1:8077/demo/");
        assertThat(flow.timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(flow.cooldown()).isEqualTo(Duration.ofSeconds(10));
        assertThat(flow.block()).containsExactlyInAnyOrder("image", "font", "media");
        assertThat(flow.steps()).containsExactly(
                new Step.Goto("http://127.0.0.1:8077/demo/"),
                new Step.Click(List.of("#vote", "button:has-text('Vote')"), null),
                new Step.WaitFor("#message", null, null),
                new Step.Extract("#count", "votes", null));
        assertThat(OutcomeReader.read("Too many votes. Try again in 42 seconds.", flow.outcome(), Instant.EPOCH, ZoneOffset.UTC)
                .retryAt()).isEqualTo(Instant.EPOCH.plusSeconds(42));
    }
}
