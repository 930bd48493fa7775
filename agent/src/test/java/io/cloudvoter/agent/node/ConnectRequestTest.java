package io.cloudvoter.agent.node;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import io.cloudvoter.agent.testing.PlaywrightStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What {@code BrowserType.connect} puts on the wire, seen by a stand-in server: how Browserless-style
 * {@code ?token=} URLs and header tokens reach a browser service, and what of them shows up in the
 * exception when the service refuses.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ConnectRequestTest {
    static Playwright playwright;

    @BeforeAll
    static void start() {
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    @AfterAll
    static void stop() {
        playwright.close();
    }

    @Test
    void aQueryTokenTravelsInTheRequestLineAndHeadersAsGivenButNeitherShowsInTheRefusal() {
        try (var service = PlaywrightStandIn.answering("HTTP/1.1 401 Unauthorized\r\nContent-Length: 13\r\n\r\nbad token 401")) {
            var e = catchThrowableOfType(PlaywrightException.class, () -> playwright.chromium().connect(
                    service.wsEndpoint("/chromium/playwright?token=query-secret-1"),
                    new BrowserType.ConnectOptions()
                            .setHeaders(Map.of("Authorization", "Bearer header-secret-2", "x-api-key", "header-secret-3"))
                            .setTimeout(20_000)));

            var request = service.requests().getFirst();
            System.out.println("upgrade request as sent by Playwright for Java:\n" + request.replaceAll("secret-\\d", "secret-*"));
            assertThat(request.lines().findFirst().orElseThrow()).isEqualTo("GET /chromium/playwright?token=query-secret-1 HTTP/1.1");
            assertThat(request.lines()).contains(
                    "Authorization: Bearer header-secret-2",
                    "x-api-key: header-secret-3",
                    "x-playwright-browser: chromium",
                    "Upgrade: websocket");
            assertThat(request.lines()).anyMatch(l -> l.matches("User-Agent: Playwright/1\\.62\\.\\d+ .*"));

            System.out.println("refusal as thrown:\n" + e.getMessage());
            assertThat(e.getMessage()).contains("401 Unauthorized", "bad token 401", "/chromium/playwright")
                    .doesNotContain("query-secret-1", "header-secret-2", "header-secret-3");
        }
    }
}
