package io.cloudvoter.desktop.resources;

import io.cloudvoter.desktop.testing.Fixtures;
import io.cloudvoter.model.api.ResourceSample;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ResourcesHeaderTest {

    @Test
    void theHeaderSpeaksOneUnitTheChartsAndHasNoDanglingSeparator() {
        var s = Fixtures.sample(Fixtures.T0, 12, 60, 300); // 2048 MB total, 900 MB available
        assertThat(ResourcesView.describe(s, ZoneOffset.UTC)).isEqualTo("At 10:00:00 — machine CPU 12 %  ·  memory available 900 MB"
                + " of 2,048 MB  ·  agent 60 MB  ·  Chromium 300 MB in 6 processes");
        var empty = new ResourceSample(Fixtures.T0, null, null, null, null, null, null, null, null, null);
        assertThat(ResourcesView.describe(empty, ZoneOffset.UTC)).isEqualTo("At 10:00:00: no readings in this sample");
    }
}
