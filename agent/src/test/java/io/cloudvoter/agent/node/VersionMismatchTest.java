package io.cloudvoter.agent.node;

import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import io.cloudvoter.agent.testing.BrowserNode;
import io.cloudvoter.agent.testing.PlaywrightStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A client whose Playwright major.minor differs from the server's is refused with HTTP 428 before
 * the WebSocket opens. The real thing: a node whose server believes it is 1.61 (Playwright's own
 * {@code PW_VERSION_OVERRIDE}); and the stand-in the engine's tests can use instead, which answers
 * the same bytes.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class VersionMismatchTest {
    static final String CLIENT_AGENT = "Playwright/1.62.1 (x64; debian 12) java/25";

    @TempDir
    static Path dir;
    static BrowserNode olderNode;
    static Playwright playwright;

    @BeforeAll
    static void start() {
        olderNode = BrowserNode.start(dir.resolve("node-1.61"), Map.of("PW_VERSION_OVERRIDE", "1.61.0"));
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    @AfterAll
    static void stop() {
        if (playwright != null) {
            playwright.close();
        }
        if (olderNode != null) {
            olderNode.close();
        }
    }

    @Test
    void aServerOfAnotherVersionRefusesTheClientAndTheMessageNamesBothVersions() {
        var e = catchThrowableOfType(PlaywrightException.class, () -> playwright.chromium().connect(olderNode.wsEndpoint()));

        System.out.println("connect to a 1.61 server, message:\n" + e.getMessage());
        assertThat(e.getMessage()).contains(
                "428 Precondition Required",
                "Playwright version mismatch:",
                "  - server version: v1.61",
                "  - client version: v1.62");
    }

    @Test
    void theStandInAnswersTheSameBytesAsARealServerOfThatVersion() throws Exception {
        try (var standIn = PlaywrightStandIn.versionMismatch("1.61", "1.62")) {
            var path = URI.create(olderNode.wsEndpoint()).getPath();

            var real = rawUpgrade(olderNode.port(), path, "");
            var fake = rawUpgrade(standIn.port(), path, "");

            assertThat(real).startsWith("HTTP/1.1 428 Precondition Required\r\n\r\n╔");
            assertThat(fake).isEqualTo(real);
        }
    }

    @Test
    void theJavaClientReportsTheStandInsRefusalAsItReportsTheRealOne() {
        try (var standIn = PlaywrightStandIn.versionMismatch("1.61", "1.62")) {
            var e = catchThrowableOfType(PlaywrightException.class,
                    () -> playwright.chromium().connect(standIn.wsEndpoint("/0123456789abcdef0123456789abcdef")));

            assertThat(e.getMessage()).contains("428 Precondition Required", "  - server version: v1.61", "  - client version: v1.62");
        }
    }

    /**
     * An upgrade request as Playwright for Java 1.62 sends it (plus {@code extraHeaders}, each line
     * ending in CRLF), and everything the server answers until it closes (or, for an accepted
     * upgrade, until it has been quiet for 3 s).
     */
    static String rawUpgrade(int port, String path, String extraHeaders) throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(3_000);
            var request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUser-Agent: " + CLIENT_AGENT
                    + "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + extraHeaders + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            var answer = new java.io.ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(answer);
            } catch (java.net.SocketTimeoutException e) {
                // an accepted upgrade stays open: what came until now is the answer
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
