package io.cloudvoter.agent.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Storage states are checked against Playwright's own shape at upload: every one refused here is one
 * real Chromium refuses too (it would otherwise break every run of its instance), every one accepted
 * here Chromium takes.
 */
class StorageStateShapeTest {
    static final String SECRET = "s3cr3t-cookie-value";
    static final String GOOD_COOKIE = "{\"name\":\"sid\",\"value\":\"" + SECRET + "\",\"domain\":\"127.0.0.1\",\"path\":\"/\","
            + "\"expires\":-1,\"httpOnly\":true,\"secure\":false,\"sameSite\":\"Lax\"}";

    /** What Playwright itself writes (storageState()), and the other shapes it takes. */
    static final List<String> ACCEPTED = List.of(
            "{\"cookies\":[" + GOOD_COOKIE + "],\"origins\":[{\"origin\":\"http://127.0.0.1:9\",\"localStorage\":"
                    + "[{\"name\":\"k\",\"value\":\"" + SECRET + "\"}]}]}",
            "{\"cookies\":[{\"name\":\"a\",\"value\":\"b\",\"url\":\"https://example.test/x\"}]}",
            "{\"cookies\":[{\"name\":\"a\",\"value\":\"b\",\"domain\":\".example.test\",\"path\":\"/\",\"expires\":1893456000.5,"
                    + "\"sameSite\":\"None\",\"secure\":true,\"partitionKey\":\"https://example.test\"}],\"origins\":[]}",
            "{\"origins\":[]}",
            // Playwright's Java client drops nulls: an optional field that is null is as if absent.
            "{\"cookies\":[{\"name\":\"a\",\"value\":\"b\",\"domain\":\"x\",\"path\":\"/\",\"httpOnly\":null,\"sameSite\":null}]}");

    /** Each passed the old check and broke every run ("browser failure: Error {"). */
    static final Map<String, String> REFUSED = Map.of(
            "cookies[0].value", "{\"cookies\":[{\"name\":\"sid\",\"value\":123,\"domain\":\"127.0.0.1\",\"path\":\"/\"}]}",
            "cookies[0].expires", "{\"cookies\":[{\"name\":\"sid\",\"value\":\"" + SECRET + "\",\"domain\":\"x\",\"path\":\"/\",\"expires\":\"never\"}]}",
            "cookies[0].sameSite", "{\"cookies\":[{\"name\":\"sid\",\"value\":\"" + SECRET + "\",\"domain\":\"x\",\"path\":\"/\",\"sameSite\":\"Bogus\"}]}",
            "origins[0].origin", "{\"origins\":[{\"origin\":123,\"localStorage\":[]}]}",
            "cookies[0]", "{\"cookies\":[{\"name\":\"sid\",\"value\":\"" + SECRET + "\",\"domain\":\"x\"}]}",
            "cookies[0].httpOnly", "{\"cookies\":[{\"name\":\"sid\",\"value\":\"" + SECRET + "\",\"domain\":\"x\",\"path\":\"/\",\"httpOnly\":1}]}",
            "origins[0].localStorage[0].value", "{\"origins\":[{\"origin\":\"http://x\",\"localStorage\":[{\"name\":\"k\",\"value\":7}]}]}");

    static Playwright playwright;
    static Browser browser;

    @BeforeAll
    static void launch() {
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Path.of("/usr/bin/chromium-headless-shell")).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--no-first-run")));
    }

    @AfterAll
    static void close() {
        if (playwright != null) {
            playwright.close();
        }
    }

    @Test
    void whatIsRefusedNamesTheFieldAndChromiumWouldHaveRefusedItToo() {
        REFUSED.forEach((field, json) -> {
            assertThatThrownBy(() -> StorageStates.validate(json)).as(field)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("storage state: " + field + ":")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
            boolean chromiumTook;
            try {
                browser.newContext(new Browser.NewContextOptions().setStorageState(json)).close();
                chromiumTook = true;
            } catch (PlaywrightException e) {
                chromiumTook = false;
            }
            assertThat(chromiumTook).as("Chromium took the state refused at " + field).isFalse();
        });
    }

    @Test
    void whatIsAcceptedChromiumTakes() {
        for (var json : ACCEPTED) {
            assertThatCode(() -> StorageStates.validate(json)).as(json).doesNotThrowAnyException();
            assertThatCode(() -> browser.newContext(new Browser.NewContextOptions().setStorageState(json)).close())
                    .as(json).doesNotThrowAnyException();
        }
    }

    @Test
    void otherMistakesAreRefusedWithoutQuotingTheState() {
        var cases = Map.of(
                "unknown field 'expiry'", "{\"cookies\":[{\"name\":\"a\",\"value\":\"" + SECRET + "\",\"domain\":\"x\",\"path\":\"/\",\"expiry\":1}]}",
                "either url, or domain and path", "{\"cookies\":[{\"name\":\"a\",\"value\":\"" + SECRET + "\",\"url\":\"http://x/\",\"domain\":\"x\"}]}",
                "-1 (a session cookie)", "{\"cookies\":[{\"name\":\"a\",\"value\":\"b\",\"domain\":\"x\",\"path\":\"/\",\"expires\":-5}]}",
                "must be an origin", "{\"origins\":[{\"origin\":\"file:///etc/" + SECRET + "\",\"localStorage\":[]}]}",
                "Duplicate field 'cookies'", "{\"cookies\":[],\"cookies\":[]}",
                "not valid JSON", "{\"cookies\":[]} {\"x\":\"" + SECRET + "\"}",
                "nesting depth", "{\"cookies\":[],\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
                "unknown field 'x'", "{\"cookies\":[],\"x\":{\"y\":{\"z\":1}}}");
        cases.forEach((says, json) -> assertThatThrownBy(() -> StorageStates.validate(json)).as(says)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(says)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET)));
    }
}
