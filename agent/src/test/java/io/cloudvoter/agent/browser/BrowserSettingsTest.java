package io.cloudvoter.agent.browser;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class BrowserSettingsTest {
    @TempDir
    static Path tmp;

    @Test
    void oneDisableFeaturesSwitchKeepsPlaywrightsListOursAndTheOperators() {
        var settings = new BrowserSettings(Path.of("/usr/bin/chromium-headless-shell"),
                List.of("--disable-features=Translate,BackForwardCache", "--lang=de"), tmp);
        var args = settings.launchArgs();
        var disables = args.stream().filter(a -> a.startsWith("--disable-features=")).toList();
        assertThat(disables).hasSize(1);
        var features = List.of(disables.getFirst().substring("--disable-features=".length()).split(","));
        assertThat(features).containsAll(BrowserSettings.PLAYWRIGHT_DISABLED_FEATURES)
                .contains("SpareRendererForSitePerProcess", "BackForwardCache")
                .doesNotHaveDuplicates();
        assertThat(args).contains("--lang=de", "--disable-gpu");
    }

    /** Real Chromium: what a renderer is started with is what the browser really disabled. */
    @Test
    void chromiumStillDisablesEveryFeaturePlaywrightDisables() {
        var executable = BrowserSettings.locate(Optional.empty()).orElseThrow();
        var settings = new BrowserSettings(executable, List.of(), tmp);
        var ours = settings.launchArgs();
        var withoutOurs = ours.stream().filter(a -> !a.startsWith("--disable-features=")).toList();
        try (var playwright = Playwright.create(new Playwright.CreateOptions().setEnv(settings.driverEnv()))) {
            var playwrights = disabledInRenderer(playwright, executable, withoutOurs);
            var effective = disabledInRenderer(playwright, executable, ours);
            assertThat(playwrights).as("Playwright's own list, read from a renderer").isNotEmpty();
            assertThat(effective).containsAll(playwrights).contains("SpareRendererForSitePerProcess");
        }
    }

    private static Set<String> disabledInRenderer(Playwright playwright, Path executable, List<String> args) {
        try (var browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(executable).setHeadless(true).setArgs(args))) {
            browser.newContext().newPage().navigate("data:text/html,<p>hi</p>");
            var features = new TreeSet<String>();
            ProcessHandle.current().descendants().forEach(p -> {
                var cmd = commandLine(p.pid());
                if (cmd.contains("--type=renderer")) {
                    for (var arg : cmd.replace('\0', ' ').split(" ")) { // Chromium rewrites its title: spaces, not NULs
                        if (arg.startsWith("--disable-features=")) {
                            features.addAll(List.of(arg.substring("--disable-features=".length()).split(",")));
                        }
                    }
                }
            });
            return features;
        }
    }

    private static String commandLine(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
        } catch (IOException e) {
            return "";
        }
    }
}
