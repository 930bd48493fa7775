package io.cloudvoter.agent.node;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Tracing;
import io.cloudvoter.agent.testing.BrowserNode;
import io.cloudvoter.agent.testing.TestSite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * One real browser node (Playwright's launch-server from the bundled driver, Debian's Chromium) and
 * a plain Playwright-for-Java client that connects to it, as the agent's remote workers will.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BrowserNodeTest {
    static final int TOGETHER = 4;
    static final CountDownLatch together = new CountDownLatch(TOGETHER);

    @TempDir
    static Path dir;
    static BrowserNode node;
    static TestSite site;
    static Playwright playwright;

    @BeforeAll
    static void start() {
        site = new TestSite()
                .html("/vote", "<p id=m>ready</p><button onclick=\"document.getElementById('m').textContent='voted'\">Vote</button>")
                .html("/remember", "<script>document.cookie='session=s-123; path=/'; localStorage.setItem('seen','yes')</script><p>ok</p>")
                .html("/who", "<p id=c></p><script>document.getElementById('c').textContent=document.cookie</script>")
                .html("/loader", "<script>fetch('/together').then(r => r.text()).then(t => document.title = t)</script>")
                .page("/together", ex -> {
                    together.countDown();
                    boolean all;
                    try {
                        all = together.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        all = false;
                    }
                    var text = (all ? "together" : "alone").getBytes();
                    ex.sendResponseHeaders(200, text.length);
                    try (var out = ex.getResponseBody()) {
                        out.write(text);
                    }
                });
        node = BrowserNode.start(dir.resolve("node"));
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    @AfterAll
    static void stop() {
        if (playwright != null) {
            playwright.close();
        }
        if (node != null) {
            node.close();
        }
        site.close();
    }

    @Test
    void aPlainPlaywrightClientRunsALocalPageThroughTheNode() {
        var browser = playwright.chromium().connect(node.wsEndpoint());
        try (var context = browser.newContext()) {
            var page = context.newPage();
            page.navigate(site.url("/vote"));
            page.click("text=Vote");
            page.waitForSelector("#m:text('voted')");

            assertThat(page.textContent("#m")).isEqualTo("voted");
            assertThat(browser.version()).startsWith("156.").as("Debian's Chromium, not a downloaded one");
        } finally {
            browser.close();
        }
    }

    @Test
    void printsItsEndpointAsTheOnlyLineOnStdoutAndWritesItToTheEndpointFile() throws Exception {
        assertThat(node.wsEndpoint()).matches("ws://127\\.0\\.0\\.1:" + node.port() + "/[0-9a-f]{32}");
        assertThat(Files.readString(node.dir().resolve("endpoint"))).isEqualTo(node.wsEndpoint() + "\n");
        assertThat(Files.readString(node.dir().resolve("endpoint-path"))).isEqualTo(node.wsEndpoint().substring(node.wsEndpoint().lastIndexOf('/') + 1) + "\n");
        var config = Files.readString(node.dir().resolve("launch-server.json"));
        assertThat(config).contains("\"executablePath\" : \"/usr/bin/chromium-headless-shell\"", "\"host\" : \"127.0.0.1\"");
    }

    @Test
    void refusesAClientWithAWrongPath() {
        var wrong = node.wsEndpoint().replaceFirst("/[0-9a-f]{32}$", "/0123456789abcdef0123456789abcdef");

        assertThatThrownBy(() -> playwright.chromium().connect(wrong))
                .isInstanceOf(PlaywrightException.class)
                .hasMessageContaining("400 Bad Request");
        var root = node.wsEndpoint().replaceFirst("/[0-9a-f]{32}$", "/");
        assertThatThrownBy(() -> playwright.chromium().connect(root))
                .isInstanceOf(PlaywrightException.class)
                .hasMessageContaining("400 Bad Request");
    }

    /** What docs/SCALING.md and deploy/README.md say: the path is no credential, the network is the lock. */
    @Test
    void tellsItsPathToAnyoneWhoAsksForJson() throws Exception {
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(); // no h2c upgrade header
        var json = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/json")).build(),
                HttpResponse.BodyHandlers.ofString());

        var path = node.wsEndpoint().substring(node.wsEndpoint().lastIndexOf('/'));
        assertThat(json.body()).isEqualTo("{\"wsEndpointPath\":\"" + path + "\"}");
    }

    /** A web page in a browser on the node's machine cannot drive it (DNS rebinding): loopback binds check Origin. */
    @Test
    void refusesAnUpgradeThatAWebPageOfAnotherOriginSends() throws Exception {
        var path = URI.create(node.wsEndpoint()).getPath();

        var answer = VersionMismatchTest.rawUpgrade(node.port(), path, "Origin: http://rebound.example\r\n");

        assertThat(answer).startsWith("HTTP/1.1 403 Forbidden");
        assertThat(VersionMismatchTest.rawUpgrade(node.port(), path, "Origin: http://127.0.0.1:" + node.port() + "\r\n"))
                .startsWith("HTTP/1.1 101 Switching Protocols");
    }

    /**
     * What an SSH tunnel ({@code ssh -L 4000:127.0.0.1:PORT}) does at the TCP level: the client talks
     * to another local port and the node sees a connection from loopback with that port in the Host
     * header, which its loopback-only Host and Origin checks accept. (ssh itself is not run here.)
     */
    @Test
    void aClientThroughAForwardedPortLikeAnSshTunnelIsServed() throws Exception {
        try (var forward = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> forwardTo(forward, node.port()));
            var through = node.wsEndpoint().replace(":" + node.port() + "/", ":" + forward.getLocalPort() + "/");

            var browser = playwright.chromium().connect(through);
            try {
                var page = browser.newContext().newPage();
                page.navigate(site.url("/vote"));
                assertThat(page.textContent("#m")).isEqualTo("ready");
            } finally {
                browser.close();
            }
        }
    }

    private static void forwardTo(ServerSocket forward, int port) {
        while (!forward.isClosed()) {
            try {
                var client = forward.accept();
                var upstream = new Socket(InetAddress.getLoopbackAddress(), port);
                Thread.ofVirtual().start(() -> pipe(client, upstream));
                Thread.ofVirtual().start(() -> pipe(upstream, client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        try (from; to) {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // one side closed: both go
        }
    }

    @Test
    void aConnectionSeesOnlyItsOwnContexts() {
        var first = playwright.chromium().connect(node.wsEndpoint());
        var second = playwright.chromium().connect(node.wsEndpoint());
        try {
            first.newContext().newPage().navigate(site.url("/vote"));

            assertThat(first.contexts()).hasSize(1);
            assertThat(second.contexts()).isEmpty();
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void aClientThatDropsWithoutClosingItsContextsHasThemClosedOnTheNode() {
        await().atMost(Duration.ofSeconds(20)).until(() -> node.renderers() == 0);
        var browser = playwright.chromium().connect(node.wsEndpoint());
        for (int i = 0; i < 3; i++) {
            browser.newContext().newPage().navigate(site.url("/vote"));
        }
        assertThat(node.renderers()).isEqualTo(3);

        browser.close(); // for a connected browser: drops the connection, leaves the contexts open

        await().atMost(Duration.ofSeconds(20)).until(() -> node.renderers() == 0);
        assertThat(node.chromium()).as("the shared Chromium stays up for the next client").isPresent();
    }

    @Test
    void severalContextsOfOneConnectionWaitOnTheSiteAtOnce() {
        var browser = playwright.chromium().connect(node.wsEndpoint());
        try {
            var pages = new ArrayList<Page>();
            for (int i = 0; i < TOGETHER; i++) {
                var page = browser.newContext().newPage();
                page.navigate(site.url("/loader")); // returns at load; the page's fetch goes on
                pages.add(page);
            }
            // The site answers /together only once all of them are waiting on it at the same time.
            for (var page : pages) {
                page.waitForFunction("document.title !== 't'", null, new Page.WaitForFunctionOptions().setTimeout(40_000));
                assertThat(page.title()).isEqualTo("together");
            }
        } finally {
            browser.close();
        }
    }

    @Test
    void storageStateScreenshotAndTraceComeBackToTheClient(@TempDir Path out) throws Exception {
        var browser = playwright.chromium().connect(node.wsEndpoint());
        try {
            String state;
            try (BrowserContext context = browser.newContext()) {
                context.tracing().start(new Tracing.StartOptions().setSnapshots(true).setScreenshots(true));
                var page = context.newPage();
                page.navigate(site.url("/remember"));
                byte[] png = page.screenshot();
                context.tracing().stop(new Tracing.StopOptions().setPath(out.resolve("trace.zip")));
                state = context.storageState();

                assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            }
            assertThat(state).contains("\"session\"", "s-123", "\"seen\"");
            try (var zip = new ZipFile(out.resolve("trace.zip").toFile())) {
                assertThat(zip.stream().map(e -> e.getName())).anyMatch(n -> n.endsWith(".trace"));
            }
            try (var again = browser.newContext(new Browser.NewContextOptions().setStorageState(state))) {
                var page = again.newPage();
                page.navigate(site.url("/who"));
                assertThat(page.textContent("#c")).isEqualTo("session=s-123");
            }
        } finally {
            browser.close();
        }
    }
}
