package io.cloudvoter.agent.browser;

import io.cloudvoter.agent.testing.ConfigFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code browser.local} and {@code browser.endpoints}: read from the file or the environment, every mistake named, no token shown. */
class BrowserPlacementTest {
    @TempDir
    Path dir;

    record Read(BrowserPlacement placement, List<String> problems) {
    }

    private Read read(String browserYaml, Map<String, String> env) {
        var r = ConfigFiles.read(dir, "cloudvoter:\n  browser:\n" + browserYaml.indent(4), env);
        return new Read(r.config() == null ? null : r.config().sections().browser().placement(), r.problems());
    }

    @Test
    void nodesFromTheFileWithHeadersAndRuns() throws Exception {
        var r = read("""
                endpoints:
                  - url: ws://10.0.0.5:3000/abc
                    runs: 24
                  - url: "wss://browsers.example.net/?token=s3cr3t"
                    headers: { Authorization: "Bearer xyz" }
                """, Map.of());
        assertThat(r.problems()).isEmpty();
        assertThat(r.placement().local()).isTrue();
        assertThat(r.placement().endpoints()).extracting(BrowserEndpoint::runs).containsExactly(24, 16);
        var second = r.placement().endpoints().get(1);
        assertThat(second.headers()).containsEntry("Authorization", "Bearer xyz");
        assertThat(second.url()).isEqualTo(URI.create("wss://browsers.example.net/?token=s3cr3t"));
        assertThat(second.display()).as("shown without the token").isEqualTo("wss://browsers.example.net/");
    }

    @Test
    void theEnvironmentReplacesTheListAndCanTurnLocalBrowsersOff() throws Exception {
        var r = read("endpoints:\n  - url: ws://ignored:1/x\n", Map.of(
                "CLOUDVOTER_BROWSER_ENDPOINTS", "ws://a:3000/p, ws://b:3000/q",
                "CLOUDVOTER_BROWSER_LOCAL", "false"));
        assertThat(r.problems()).isEmpty();
        assertThat(r.placement().local()).isFalse();
        assertThat(r.placement().endpoints()).extracting(BrowserEndpoint::display).containsExactly("ws://a:3000/p", "ws://b:3000/q");
    }

    @Test
    void everyMistakeIsNamedWithItsKeyAndNoTokenIsQuoted() throws Exception {
        var r = read("""
                local: maybe
                endpoints:
                  - url: "http://10.0.0.5:3000/?token=s3cr3t"
                  - runs: 4
                  - url: ws://10.0.0.6:3000/x
                    runs: 500
                  - url: ws://10.0.0.7:3000/x
                    headers: { "bad header": x }
                """, Map.of());
        assertThat(r.problems()).containsExactly(
                "cloudvoter.browser.local (CLOUDVOTER_BROWSER_LOCAL): 'maybe' is not true or false",
                "cloudvoter.browser.endpoints[0].url: 'http://10.0.0.5:3000/?…' is not a ws:// or wss:// URL",
                "cloudvoter.browser.endpoints[1].url: missing (a ws:// URL of a browser node)",
                "cloudvoter.browser.endpoints[2].runs: 500 is out of range 1..128",
                "cloudvoter.browser.endpoints[3].headers.bad header: not a header name");
        assertThat(String.join("\n", r.problems())).doesNotContain("s3cr3t");
    }

    @Test
    void noLocalBrowsersNeedsANode() throws Exception {
        var r = read("local: false\n", Map.of());
        assertThat(r.problems()).containsExactly("cloudvoter.browser.local (CLOUDVOTER_BROWSER_LOCAL): false needs at least one"
                + " browser node in cloudvoter.browser.endpoints (CLOUDVOTER_BROWSER_ENDPOINTS)");
    }
}
