package io.cloudvoter.agent.browser;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BrowserSettingsTest {

    @Test
    void oneDisableFeaturesSwitchKeepsPlaywrightsListOursAndTheOperators() {
        var settings = new BrowserSettings(Path.of("/usr/bin/chromium-headless-shell"),
                List.of("--disable-features=Translate,BackForwardCache", "--lang=de"), Path.of("/tmp"));
        var args = settings.launchArgs();
        var disables = args.stream().filter(a -> a.startsWith("--disable-features=")).toList();
        assertThat(disables).hasSize(1);
        var features = List.of(disables.getFirst().substring("--disable-features=".length()).split(","));
        assertThat(features).containsAll(BrowserSettings.PLAYWRIGHT_DISABLED_FEATURES)
                .contains("SpareRendererForSitePerProcess", "BackForwardCache")
                .doesNotHaveDuplicates();
        assertThat(args).contains("--lang=de", "--disable-gpu");
    }
}
