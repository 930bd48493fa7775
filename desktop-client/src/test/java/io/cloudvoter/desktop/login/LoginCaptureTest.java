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
            var scratch = capture.scratch();
            assertThat(scratch).isDirectory();
            try (var inside = Files.list(scratch)) { // the browser's profile (its cookies) is in there, not elsewhere
                assertThat(inside.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("playwright_chromiumdev_profile"));
            }
            // as the operator would: type the user and password, press the button, see the members page
            var greeting = capture.onPage(LoginSite::logIn).get(30, TimeUnit.SECONDS);
            assertThat(greeting).contains("Welcome back");
            String state = capture.done().get(30, TimeUnit.SECONDS);
            assertThat(state).contains("\"name\":\"session\"").contains("127.0.0.1");
            assertThat(site.sessions()).isEqualTo(1);
            assertThat(scratch).doesNotExist();
            assertThat(capture.scratch()).isNull();
        }
    }

    @Test
    void aBrowserThatIsNotThereIsNamedAndNothingIsLeft() throws Exception {
        try (var capture = new LoginCapture(new HashMap<>(System.getenv()))) {
            var missing = LoginBrowser.at(Path.of("/nonexistent/chrome"));
            assertThatThrownBy(() -> capture.open(List.of(missing), "http://127.0.0.1:9/", null).get(60, TimeUnit.SECONDS))
                    .hasMessageContaining("/nonexistent/chrome").hasMessageContaining("no browser would start");
            assertThat(capture.scratch()).isNull();
        }
    }

    static HashMap<String, String> env(Xvfb x) {
        var env = new HashMap<>(System.getenv());
        env.put("DISPLAY", x.display());
        return env;
    }
}
