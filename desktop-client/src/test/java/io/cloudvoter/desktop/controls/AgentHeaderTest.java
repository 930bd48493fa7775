package io.cloudvoter.desktop.controls;

import io.cloudvoter.desktop.testing.FxToolkit;
import io.cloudvoter.model.api.AgentInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(FxToolkit.class)
class AgentHeaderTest {
    private static AgentInfo agent(String name, String version, String host) {
        return new AgentInfo(name, version, 1, host, Instant.parse("2026-11-27T08:00:00Z"), 4242);
    }

    @Test
    void namesTheAgentItsHostWhenItDiffersAndItsVersion() {
        assertThat(AgentHeader.describe(agent("droplet-1", "0.1.0", "fra1-vm"))).isEqualTo("droplet-1 · fra1-vm · v0.1.0");
        assertThat(AgentHeader.describe(agent("vm", "0.1.0", "vm"))).isEqualTo("vm · v0.1.0");
    }

    @Test
    void aBuildWithoutAVersionNumberIsNotGivenAV() {
        assertThat(AgentHeader.describe(agent("vm", "dev", "vm"))).isEqualTo("vm · dev");
        assertThat(AgentHeader.describe(agent("vm", null, null))).isEqualTo("vm");
    }
}
