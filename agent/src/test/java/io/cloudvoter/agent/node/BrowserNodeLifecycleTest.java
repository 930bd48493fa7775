package io.cloudvoter.agent.node;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import io.cloudvoter.agent.testing.BrowserNode;
import io.cloudvoter.agent.testing.TestSite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/** A browser node's life: killed, restarted, stopped, its JVM or its Chromium dying. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BrowserNodeLifecycleTest {
    static final CountDownLatch arrived = new CountDownLatch(1);
    static final CountDownLatch release = new CountDownLatch(1);
    static TestSite site;
    static Playwright playwright;

    @TempDir
    Path dir;
    final List<BrowserNode> nodes = new ArrayList<>();

    @BeforeAll
    static void start() {
        site = new TestSite()
                .html("/vote", "<p id=m>ready</p>")
                .page("/hang", ex -> {
                    arrived.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    TestSite.send(ex, 200, "late");
                });
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    @AfterAll
    static void stop() {
        release.countDown();
        playwright.close();
        site.close();
    }

    @AfterEach
    void closeNodes() {
        nodes.forEach(BrowserNode::close);
    }

    BrowserNode node() {
        var node = BrowserNode.start(dir.resolve("node"));
        nodes.add(node);
        return node;
    }

    @Test
    void aKilledNodeFailsThePendingCallAndComesBackAtTheSameEndpoint() {
        var node = node();
        var browser = playwright.chromium().connect(node.wsEndpoint());
        var page = browser.newContext().newPage();
        Thread.ofVirtual().start(() -> {
            try {
                if (arrived.await(30, TimeUnit.SECONDS)) {
                    node.kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        var pending = catchThrowableOfType(PlaywrightException.class,
                () -> page.navigate(site.url("/hang"), new Page.NavigateOptions().setTimeout(60_000)));

        System.out.println("pending navigate when the node was killed: " + pending.getClass().getName() + ": " + pending.getMessage());
        assertThat(pending).hasMessageContaining("has been closed");
        assertThat(browser.isConnected()).isFalse();
        var refused = catchThrowableOfType(PlaywrightException.class, () -> playwright.chromium().connect(node.wsEndpoint()));
        System.out.println("connect while the node is down: " + refused.getMessage().lines().limit(3).toList());
        assertThat(refused).hasMessageContaining("ECONNREFUSED");

        var before = node.wsEndpoint();
        node.restart();

        assertThat(node.wsEndpoint()).isEqualTo(before);
        var again = playwright.chromium().connect(node.wsEndpoint());
        try {
            var fresh = again.newContext().newPage();
            fresh.navigate(site.url("/vote"));
            assertThat(fresh.textContent("#m")).isEqualTo("ready");
        } finally {
            again.close();
        }
    }

    @Test
    void sigtermStopsTheNodeAndItsChromiumAndCountsAsAClean143() {
        var node = node();
        var tree = node.tree();
        assertThat(node.chromium()).isPresent();

        int code = node.stop();

        assertThat(code).as(node.output()).isEqualTo(143);
        await().atMost(Duration.ofSeconds(20)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(node.output()).contains("Browser node stopped");
    }

    @Test
    void aJvmKilledWithMinusNineTakesTheServerAndChromiumWithIt() {
        var node = node();
        var tree = node.tree();
        assertThat(tree).hasSizeGreaterThan(3);

        node.jvm().destroyForcibly();

        await().atMost(Duration.ofSeconds(30)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void aChromiumThatDiesEndsTheNodeWithCode1SoThatItIsRestarted() throws Exception {
        var node = node();
        var jvm = node.jvm();

        node.chromium().orElseThrow().destroyForcibly();

        var exited = jvm.onExit().get(30, TimeUnit.SECONDS);
        assertThat(exited.isAlive()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> node.output().contains("stopped on its own"));
        assertThat(node.stop()).as("exit code").isEqualTo(NodeMain.EXIT_FAILED);
    }

    @Test
    void tempFilesOfANodeThatWasKilledAreRemovedAtTheNextStart() throws Exception {
        var node = node();
        var firstPid = node.jvm().pid();
        assertThat(dir.resolve("node/tmp/run-" + firstPid)).isDirectory();

        node.kill();
        node.restart();

        assertThat(dir.resolve("node/tmp/run-" + firstPid)).doesNotExist();
        try (var runs = Files.list(dir.resolve("node/tmp"))) {
            assertThat(runs.map(p -> p.getFileName().toString())).containsExactly("run-" + node.jvm().pid());
        }
    }

    @Test
    void aWildcardBindIsRefusedWithExitCode2AndTheReason() throws Exception {
        var refused = nodeMain("--bind", "0.0.0.0", "--dir", dir.resolve("refused").toString());

        assertThat(refused.exit()).as(refused.output()).isEqualTo(NodeMain.EXIT_SETTINGS);
        assertThat(refused.output()).contains("browser-node: bind (--bind, CLOUDVOTER_NODE_BIND): 0.0.0.0 listens on every network");
    }

    @Test
    void aPortInUseEndsTheStartWithCode1AndNodesOwnReason() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var failed = nodeMain("--port", Integer.toString(taken.getLocalPort()), "--dir", dir.resolve("busy").toString());

            assertThat(failed.exit()).as(failed.output()).isEqualTo(NodeMain.EXIT_FAILED);
            assertThat(failed.output()).contains("browser-node: the node could not start: Playwright's server exited with code 1"
                    + " before it listened (Error: listen EADDRINUSE: address already in use 127.0.0.1:" + taken.getLocalPort() + ")");
        }
    }

    record Ended(int exit, String output) {
    }

    /** NodeMain in a JVM of its own that is expected to end by itself. */
    static Ended nodeMain(String... args) throws Exception {
        var command = io.cloudvoter.agent.testing.ChildJvm.command("io.cloudvoter.agent.node.NodeMain");
        command.addAll(List.of(args));
        var pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        // The driver copy the fixture shares, instead of unpacking 135 MB into this test's folder.
        pb.environment().put("PLAYWRIGHT_DRIVER_DIR", DriverCopy.unpacked(Path.of("target", "browser-node-driver").toAbsolutePath()).toString());
        var p = pb.start();
        var out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("NodeMain " + String.join(" ", args) + " did not end within 90 s:\n" + out);
        }
        return new Ended(p.exitValue(), out);
    }
}
