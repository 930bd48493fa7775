package io.cloudvoter.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the bench makes of the process tree; parsing the kernel's files is SystemFilesTest's (agent). */
class ProcessTreeTest {

    @Test
    void namesProcessesByWhatTheyAre() {
        assertThat(ProcessTree.kind("/usr/lib/jvm/x/bin/java -jar agent.jar")).isEqualTo("java");
        assertThat(ProcessTree.kind("/tmp/d/playwright-java-1/node /tmp/d/playwright-java-1/package/cli.js run-driver")).isEqualTo("driver");
        assertThat(ProcessTree.kind("/usr/lib/chromium/chromium-headless-shell --type=renderer --x")).isEqualTo("renderer");
        assertThat(ProcessTree.kind("/usr/lib/chromium/chromium-headless-shell --type=gpu-process")).isEqualTo("gpu");
        assertThat(ProcessTree.kind("/usr/lib/chromium/chromium-headless-shell --type=utility --utility-sub-type=network.mojom.NetworkService"))
                .isEqualTo("network");
        assertThat(ProcessTree.kind("/usr/lib/chromium/chromium-headless-shell --type=utility --utility-sub-type=storage.mojom.StorageService"
                                    + " --enable-features=CDPScreenshotNewSurface,NetworkServiceInProcess2"))
                .as("the feature's name on a command line is not the network service").isEqualTo("utility");
        assertThat(ProcessTree.kind("/usr/lib/chromium/chromium-headless-shell --headless --no-sandbox")).isEqualTo("browser");
    }

    @Test
    void measuresThisJvm() {
        assertThat(ProcessTree.pssMb(ProcessHandle.current().pid())).isGreaterThan(1);
        assertThat(ProcessTree.cpuMillis(ProcessHandle.current().pid())).isPositive();
    }
}
