package io.cloudvoter.desktop.login;

import io.cloudvoter.desktop.testing.LoginSite;
import io.cloudvoter.desktop.testing.Xvfb;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A headed Debian Chromium on an X server of the test's own: the operator's login lands in the storage
 * state in memory, and nothing of the browser's profile is left on the disk.
 */
class LoginCaptureTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void aLoginByHandEndsUpInTheStorageStateAndNothingStaysOnDisk() throws Exception {
        assumeThat(Xvfb.available()).as("Xvfb").isTrue();
        assertThat(CHROMIUM).as("./cloudvoter test installs Debian's chromium").isExecutable();
        try (var x = Xvfb.start(); var site = new LoginSite(); var capture = new LoginCapture(env(x))) {
            var used = capture.open(List.of(LoginBrowser.at(CHROMIUM)), site.url("/login"), null).get(60, TimeUnit.SECONDS);
            assertThat(used.executable()).isEqualTo(CHROMIUM);
            // the browser's profile (its cookies) is a folder the driver made: in the private folder, or (when another
            // part of this test JVM started Playwright's driver first) in the system's temporary folder
            var profile = Path.of(capture.onPage(page -> {
                page.navigate("chrome://version");
                var path = page.textContent("#profile_path");
                page.navigate(site.url("/login"));
                return path;
            }).get(30, TimeUnit.SECONDS).strip());
            assertThat(profile).as("the browser's profile folder").isDirectory()
                    .satisfiesAnyOf(p -> assertThat(p).startsWith(LoginCapture.privateRoot()),
                            p -> assertThat(p).startsWith(Path.of(System.getProperty("java.io.tmpdir"))));
            // as the operator would: type the user and password, press the button, see the members page
            var greeting = capture.onPage(LoginSite::logIn).get(30, TimeUnit.SECONDS);
            assertThat(greeting).contains("Welcome back");
            String state = capture.done().get(30, TimeUnit.SECONDS);
            assertThat(state).contains("\"name\":\"session\"").contains("127.0.0.1");
            assertThat(site.sessions()).isEqualTo(1);
            assertThat(capture.closed()).isTrue();
            assertThat(profile).as("the profile, cookies and all, is gone").doesNotExist();
        }
    }

    @Test
    void aSecondCaptureInTheSameProcessOpensToo() throws Exception {
        assumeThat(Xvfb.available()).as("Xvfb").isTrue();
        try (var x = Xvfb.start(); var site = new LoginSite()) {
            for (int i = 0; i < 2; i++) {
                try (var capture = new LoginCapture(env(x))) {
                    capture.open(List.of(LoginBrowser.at(CHROMIUM)), site.url("/members"), null).get(60, TimeUnit.SECONDS);
                    assertThat(capture.done().get(30, TimeUnit.SECONDS)).contains("cookies");
                }
            }
        }
    }

    @Test
    void aBrowserThatIsNotThereIsNamedAndNothingIsLeft() throws Exception {
        try (var capture = new LoginCapture(new HashMap<>(System.getenv()))) {
            var missing = LoginBrowser.at(Path.of("/nonexistent/chrome"));
            assertThatThrownBy(() -> capture.open(List.of(missing), "http://127.0.0.1:9/", null).get(60, TimeUnit.SECONDS))
                    .hasMessageContaining("/nonexistent/chrome").hasMessageContaining("no browser would start");
            assertThat(capture.closed()).isTrue();
        }
    }

    static HashMap<String, String> env(Xvfb x) {
        var env = new HashMap<>(System.getenv());
        env.put("DISPLAY", x.display());
        return env;
    }
}
