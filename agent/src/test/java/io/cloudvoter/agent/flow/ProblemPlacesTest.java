package io.cloudvoter.agent.flow;

import io.cloudvoter.model.api.FlowProblem;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Problems of a flow file carry the line and column of their field, as an editor would show them. */
class ProblemPlacesTest {
    private final FlowParser parser = new FlowParser(Map.of("{agent}", "http://127.0.0.1:1"));

    private List<FlowProblem> problems(String file, String text) {
        return ((ParseResult.Rejected) ProblemPlaces.place(parser.parse(file, text), file, text)).problems();
    }

    private static FlowProblem of(List<FlowProblem> problems, String field) {
        return problems.stream().filter(p -> p.field().equals(field)).findFirst().orElseThrow(() ->
                new AssertionError("no problem for " + field + " in " + problems));
    }

    @Test
    void aYamlProblemIsPlacedAtItsKeyAndAListItemAtItsDash() {
        var problems = problems("vote.yaml", """
                name: vote
                target: "http://127.0.0.1:1/"
                timeout: soon
                steps:
                  - goto
                  - clik: "#vote"
                  - fill: { selector: "#name" }
                """);
        assertThat(of(problems, "timeout")).extracting(FlowProblem::line, FlowProblem::column).containsExactly(3, 1);
        assertThat(of(problems, "steps[1].clik")).extracting(FlowProblem::line, FlowProblem::column).containsExactly(6, 5);
        // a key that is missing is placed where it belongs: at the step that lacks it
        assertThat(of(problems, "steps[2].fill.value").line()).isEqualTo(7);
    }

    @Test
    void aMissingTopLevelKeyHasNoPlace() {
        var problems = problems("vote.yaml", "name: vote\nsteps:\n  - goto\n");
        assertThat(of(problems, "target").line()).isNull();
    }

    @Test
    void aSyntaxErrorIsPlacedWhereTheParserStopped() {
        var problems = problems("vote.yaml", "name: vote\ntarget: \"http://x/\"\nsteps:\n  - goto\n - click: '#a'\n");
        assertThat(problems).hasSize(1);
        assertThat(problems.getFirst().reason()).contains("syntax error");
        assertThat(problems.getFirst().line()).isEqualTo(5);
    }

    @Test
    void aDuplicateKeyIsPlacedAtItsSecondWriting() {
        var problems = problems("vote.yaml", "name: vote\ntarget: \"http://x/\"\nsteps: [goto]\ntarget: \"http://y/\"\n");
        assertThat(problems.getFirst().line()).isEqualTo(4);
    }

    @Test
    void jsonIsPlacedToo() {
        var problems = problems("vote.json", """
                {
                  "name": "vote",
                  "target": "http://127.0.0.1:1/",
                  "steps": [
                    "goto",
                    {"waitFor": {"selector": "#m", "text": "x"}}
                  ]
                }
                """);
        assertThat(of(problems, "steps[1].waitFor").line()).isEqualTo(6);
    }
}
