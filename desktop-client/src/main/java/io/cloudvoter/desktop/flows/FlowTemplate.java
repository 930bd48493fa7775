package io.cloudvoter.desktop.flows;

/** What "New from template" puts in the editor: a complete flow to adapt, every common step shown once. */
final class FlowTemplate {
    static final String YAML = """
            # A flow: which page to open, what to do in it, and how to tell from the page whether it worked.
            # docs/flows.md in the CloudVoter repository lists every key and step.
            name: my-flow
            target: "https://example.org/poll/"
            timeout: 30s
            cooldown: 10m
            block: [image, font, media]
            steps:
              - goto
              - click: ["#vote", "button:has-text('Vote')"]
              - waitFor: { text: "Thanks" }
              - extract: { selector: "#count", name: votes }
            outcome:
              success: ["Thanks for voting"]
              failure: ["Voting is closed"]
              rateLimit:
                patterns: ["Too many votes"]
                retryAfter: "Try again in (\\\\d+) (seconds?|minutes?)"
            """;

    private FlowTemplate() {
    }
}
