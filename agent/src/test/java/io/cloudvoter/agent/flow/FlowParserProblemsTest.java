package io.cloudvoter.agent.flow;

import io.cloudvoter.model.api.FlowProblem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class FlowParserProblemsTest {

    static List<FlowProblem> problems(String file, String text) {
        var result = FlowParserTest.PARSER.parse(file, text);
        assertThat(result).as("expected a rejection").isInstanceOf(ParseResult.Rejected.class);
        var problems = ((ParseResult.Rejected) result).problems();
        assertThat(problems).allSatisfy(p -> assertThat(p.file()).isEqualTo(file));
        return problems;
    }

    /** A flow that is valid except for {@code extra}, appended at the top level. */
    static List<FlowProblem> problems(String extra) {
        return problems("f.yaml", "target: https://example.org/\n" + extra);
    }

    static void assertOnlyProblem(List<FlowProblem> problems, String field, String reasonPart) {
        assertThat(problems).as("%s", problems).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo(field);
            assertThat(p.reason()).contains(reasonPart);
        });
    }

    @Test
    void unknownTopLevelKeySuggestsTheClosestName() {
        assertOnlyProblem(problems("steps: [goto]\ncooldwn: 5s\n"), "cooldwn", "did you mean 'cooldown'?");
    }

    @Test
    void unknownStepKindSuggestsTheClosestKind() {
        assertOnlyProblem(problems("steps:\n  - goto\n  - clik: '#vote'\n"), "steps[1].clik", "did you mean 'click'?");
    }

    @Test
    void unknownStepOptionIsNamed() {
        assertOnlyProblem(problems("steps:\n  - waitFor: {selector: '#m', timout: 2s}\n"), "steps[0].waitFor.timout",
                "did you mean 'timeout'?");
    }

    @Test
    void wrongTypesNameWhatWasExpectedAndWhatWasFound() {
        var problems = problems("steps: goto\ntrace: maybe\n");

        assertThat(problems).extracting(FlowProblem::field, FlowProblem::reason).containsExactly(
                tuple("trace", "expected true or false, got a string (\"maybe\")"),
                tuple("steps", "expected a list, got a string (\"goto\")"));
    }

    @Test
    void badDurationCarriesTheDurationParsersMessage() {
        assertOnlyProblem(problems("steps: [goto]\ntimeout: soon\n"), "timeout", "'soon' is not a duration");
    }

    @Test
    void timeoutAndCooldownMustBeInRange() {
        assertThat(problems("steps: [goto]\ntimeout: 31m\ncooldown: 500ms\n"))
                .extracting(FlowProblem::field, FlowProblem::reason)
                .containsExactly(tuple("timeout", "must be at most 30m (got 31m)"), tuple("cooldown", "must be at least 1s (got 500ms)"));
        assertOnlyProblem(problems("steps: [goto]\ntimeout: 0s\n"), "timeout", "must be more than 0");
    }

    @Test
    void invalidRegexCarriesTheSyntaxErrorDescription() {
        assertOnlyProblem(problems("steps: [goto]\noutcome:\n  success: ['Thanks (for voting']\n"),
                "outcome.success[0]", "invalid regular expression: missing closing ) in \"Thanks (for voting\"");
    }

    @Test
    void patternSyntaxLinearMatchingCannotHonourIsRefusedNamingTheFieldAndTheConstruct() {
        var cases = java.util.Map.of(
                "(?<!no )thanks", "lookbehind (?<!",
                "(?<=a)b", "lookbehind (?<=",
                "thanks(?= for)", "lookahead (?=",
                "(a)\\1", "backreferences (\\1)",
                "a*+b", "possessive quantifiers (*+)",
                "(?>a|ab)c", "atomic groups",
                "\\p{Alpha}+", "\\p{Alpha}",
                "[a-z&&[^x]]", "intersection (&&)");
        cases.forEach((pattern, construct) -> assertThat(problems("steps: [goto]\noutcome:\n  success: ['" + pattern + "']\n"))
                .as(pattern).singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("outcome.success[0]");
                    assertThat(p.reason()).contains(construct).contains("linear time");
                }));
        assertThat(problems("steps: [goto]\noutcome:\n  rateLimit: {patterns: [slow], retryAfter: '(?<=in )(\\d+)'}\n"))
                .extracting(FlowProblem::field).containsExactly("outcome.rateLimit.retryAfter");
        assertThat(problems("steps:\n  - extract: {selector: '#c', pattern: '(\\d+)(?= votes)'}\n"))
                .extracting(FlowProblem::field).containsExactly("steps[0].extract.pattern");
    }

    @Test
    void javaEscapesWithAnRe2MeaningStillWork() {
        var result = new FlowParser(java.util.Map.of()).parse("f.yaml", "target: https://example.org/\nsteps: [goto]\noutcome:\n"
                + "  success: ['caf\\u00e9', '\\Qa.b\\E', '(?<n>\\d+) votes', '\\p{Lu}\\w+']\n");
        assertThat(result).as("%s", result).isInstanceOf(ParseResult.Valid.class);
        var rules = ((ParseResult.Valid) result).flow().outcome();
        assertThat(OutcomeReader.read("CAFÉ", rules, java.time.Instant.EPOCH, java.time.ZoneOffset.UTC).outcome())
                .isEqualTo(io.cloudvoter.model.api.Outcome.SUCCESS);
    }

    @Test
    void emptySelectorsAreRejected() {
        assertThat(problems("steps:\n  - click: ''\n  - click: []\n  - click: {selectors: ['#a', ' ']}\n"))
                .extracting(FlowProblem::field, FlowProblem::reason).containsExactly(
                        tuple("steps[0].click", "must not be empty"),
                        tuple("steps[1].click", "needs at least one selector"),
                        tuple("steps[2].click.selectors[1]", "must not be empty"));
    }

    @Test
    void retryAfterWithoutCaptureGroupIsRejected() {
        assertOnlyProblem(problems("""
                steps: [goto]
                outcome:
                  rateLimit: {patterns: ['Too many'], retryAfter: 'Try again in \\\\d+ seconds'}
                """), "outcome.rateLimit.retryAfter", "needs a capture group");
    }

    @Test
    void extractPatternWithoutCaptureGroupIsRejected() {
        assertOnlyProblem(problems("steps:\n  - extract: {selector: '#count', pattern: 'votes'}\n"),
                "steps[0].extract.pattern", "needs a capture group");
    }

    @Test
    void rateLimitMapNeedsPatterns() {
        assertOnlyProblem(problems("steps: [goto]\noutcome:\n  rateLimit: {retryAfter: 'in (\\\\d+)'}\n"),
                "outcome.rateLimit.patterns", "required");
    }

    @Test
    void waitForNeedsExactlyOneOfSelectorAndText() {
        assertThat(problems("steps:\n  - waitFor: {selector: '#a', text: Hi}\n  - waitFor: {timeout: 2s}\n"))
                .extracting(FlowProblem::field, FlowProblem::reason).containsExactly(
                        tuple("steps[0].waitFor", "give either selector or text, not both"),
                        tuple("steps[1].waitFor", "needs a selector, a text or outcome: true"));
    }

    @Test
    void stepWithOptionsIndentedWronglyExplainsTheOneKeyRule() {
        assertOnlyProblem(problems("steps:\n  - fill:\n    selector: '#n'\n    value: Ann\n"), "steps[0]",
                "exactly one key");
    }

    @Test
    void yamlSyntaxErrorGivesLineAndColumn() {
        var problems = problems("f.yaml", "target: https://example.org/\nsteps: [goto\n");

        assertOnlyProblem(problems, "", "YAML syntax error at line ");
        assertThat(problems.getFirst().reason()).contains("expected ',' or ']'").doesNotContain("^");
    }

    @Test
    void jsonSyntaxErrorGivesLineAndColumn() {
        assertOnlyProblem(problems("f.json", "{\n  \"target\": \"https://example.org/\",\n}\n"), "",
                "JSON syntax error at line 3, column 1");
    }

    @Test
    void duplicateKeyIsASyntaxError() {
        assertOnlyProblem(problems("steps: [goto]\nsteps: [screenshot]\n"), "", "Duplicate field 'steps'");
    }

    @Test
    void emptyFileIsRejected() {
        assertOnlyProblem(problems("f.yaml", "# only a comment\n"), "", "the file is empty");
        assertOnlyProblem(problems("f.json", "  "), "", "the file is empty");
    }

    @Test
    void targetMustBeAnAbsoluteHttpUrlWithKnownPlaceholders() {
        assertOnlyProblem(problems("f.yaml", "steps: [goto]\n"), "target", "required");
        assertOnlyProblem(problems("f.yaml", "target: ftp://example.org/\nsteps: [goto]\n"), "target", "not an absolute http(s) URL");
        assertOnlyProblem(problems("f.yaml", "target: '{agnet}/demo/'\nsteps: [goto]\n"), "target",
                "unknown placeholder {agnet} (known: {agent})");
    }

    @Test
    void unknownBlockTypeIsNamedWithItsIndex() {
        assertOnlyProblem(problems("steps: [goto]\nblock: [image, fonts]\n"), "block[1]", "did you mean 'font'?");
    }

    @Test
    void screenshotNameCannotLeaveTheArtifactsFolder() {
        assertOnlyProblem(problems("steps:\n  - screenshot: ../../etc/x\n"), "steps[0].screenshot", "not a valid screenshot name");
    }

    @Test
    void stepsMustBeANonEmptyList() {
        assertOnlyProblem(problems(""), "steps", "required");
        assertOnlyProblem(problems("steps: []\n"), "steps", "at least one step");
    }

    @Test
    void reportsEveryProblemInTheFileNotJustTheFirst() {
        var problems = problems("f.yaml", """
                name: "bad name!"
                target: "{agent}/demo/"
                timeout: forever
                steps:
                  - clikc: "#vote"
                  - fill: {selector: "#name"}
                outcome:
                  failure: ["("]
                """);

        assertThat(problems).extracting(FlowProblem::field).containsExactly(
                "name", "timeout", "steps[0].clikc", "steps[1].fill.value", "outcome.failure[0]");
    }
}
