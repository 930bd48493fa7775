package io.cloudvoter.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessTreeTest {

    @Test
    void readsPssFromSmapsRollup() {
        var rollup = """
                55d4a6a4b000-7ffd8a1fe000 ---p 00000000 00:00 0                          [rollup]
                Rss:              155612 kB
                Pss:              152067 kB
                Pss_Dirty:        151796 kB
                """;
        assertThat(ProcessTree.parsePssKb(rollup)).isEqualTo(152067);
        assertThatThrownBy(() -> ProcessTree.parsePssKb("Rss: 1 kB")).hasMessageContaining("no Pss line");
    }

    @Test
    void cpuTicksSkipTheCommandEvenWithSpacesAndParentheses() {
        var stat = "4242 (chromium (headless) x) S 1 2 3 4 5 6 7 8 9 10 111 222 33 44 20 0 1 0 100 200 300";
        assertThat(ProcessTree.parseCpuTicks(stat)).isEqualTo(111 + 222 + 33 + 44);
        assertThat(ProcessTree.parseOwnCpuTicks(stat)).isEqualTo(111 + 222);
    }

    @Test
    void namesProcessesByWhatTheyAre() {
        assertThat(ProcessTree.kind("/usr/lib/jvm/x/bin/java -jar agent.jar")).isEqualTo("java");
        assertThat(ProcessTree.kind("/tmp/d/playwright-java-1/node /tmp/d/playwright-java-1/package/cli.js run-driver")).isEqualTo("driver");
        assertThat(ProcessTree.kind("/usr/lib/chromium/chromium-headless-shell --type=renderer --x")).isEqualTo("renderer");
        assertThat(ProcessTree.kind("/usr/lib/chromium/chromium-headless-shell --type=gpu-process")).isEqualTo("gpu");
        assertThat(ProcessTree.kind("/usr/lib/chromium/chromium-headless-shell --type=utility --utility-sub-type=network.mojom.NetworkService"))
                .isEqualTo("network");
        assertThat(ProcessTree.kind("/usr/lib/chromium/chromium-headless-shell --headless --no-sandbox")).isEqualTo("browser");
    }

    @Test
    void measuresThisJvm() {
        assertThat(ProcessTree.pssMb(ProcessHandle.current().pid())).isGreaterThan(1);
        assertThat(ProcessTree.cpuMillis(ProcessHandle.current().pid())).isPositive();
    }
}
