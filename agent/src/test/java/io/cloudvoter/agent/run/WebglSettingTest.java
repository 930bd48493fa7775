package io.cloudvoter.agent.run;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.testing.Api;
import io.cloudvoter.agent.testing.ManualRuns;
import io.cloudvoter.agent.testing.TestAgents;
import io.cloudvoter.agent.testing.TestSite;
import io.cloudvoter.model.api.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code browser.webgl: false} reaches the agent's Chromium: a run's page finds no WebGL (and still runs). */
class WebglSettingTest {
    @TempDir
    Path dir;

    @Test
    void withWebglOffARunsPageHasNoWebglContext() {
        try (var site = new TestSite().html("/gl", """
                <p id=m>pending</p><script>
                document.getElementById('m').textContent =
                    'webgl ' + (document.createElement('canvas').getContext('webgl') ? 'on' : 'off');
                </script>""")) {
            var flow = "name: gl\ntarget: \"" + site.url("/gl") + "\"\ntimeout: 30s\ncooldown: 1h\nsteps:\n  - goto\n"
                       + "  - extract: { selector: \"#m\", name: gl, as: text }\noutcome:\n  success: [\"webgl off\"]\n";
            Agent agent = TestAgents.startQuiet(dir, Map.of("gl.yaml", flow), "  browser:\n    workers: 1\n    webgl: false\n");
            try (agent) {
                var api = new Api(agent.baseUrl(), TestAgents.TOKEN);
                var created = api.post("/api/instances", "{\"id\":\"gl-1\",\"flow\":\"gl\",\"enabled\":false}");
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                var run = new ManualRuns(agent, api, Duration.ofSeconds(60)).runNow("gl-1");
                assertThat(run.outcome()).as(run.message()).isEqualTo(Outcome.SUCCESS);
            }
        }
    }
}
