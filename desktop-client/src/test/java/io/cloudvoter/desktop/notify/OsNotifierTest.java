package io.cloudvoter.desktop.notify;

import io.cloudvoter.desktop.testing.FakeClock;
import io.cloudvoter.desktop.testing.SameThreadExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The OS notification goes through a real process: a stand-in notify-send on the PATH records what it was given. */
class OsNotifierTest {
    @TempDir
    Path dir;

    private static SameThreadExecutor executor() {
        return new SameThreadExecutor(new FakeClock(Instant.parse("2026-11-27T10:00:00Z")));
    }

    private Path fakeNotifySend() throws Exception {
        var bin = Files.createDirectories(dir.resolve("bin"));
        var script = bin.resolve("notify-send");
        Files.writeString(script, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + dir.resolve("args.txt") + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @Test
    void anAlertBecomesANotifySendCallWithUrgencyTitleAndText() throws Exception {
        var bin = fakeNotifySend();
        var notifier = OsNotifier.find(executor(), Map.of("DISPLAY", ":99", "PATH", "/nonexistent:" + bin)).orElseThrow();

        notifier.accept(Notice.alert(Instant.parse("2026-11-27T10:00:00Z"), Notice.Level.DANGER, "droplet-1",
                "demo-4 keeps failing", "3 failures in a row: step 2 (click): none of [#ballot-submit] became visible"));

        assertThat(Files.readAllLines(dir.resolve("args.txt"))).containsExactly(
                "--app-name=CloudVoter",
                "--urgency=critical",
                "CloudVoter · droplet-1: demo-4 keeps failing",
                "3 failures in a row: step 2 (click): none of [#ballot-submit] became visible");
    }

    @Test
    void anInfoNoticeIsNormalUrgency() throws Exception {
        var bin = fakeNotifySend();
        var notifier = OsNotifier.find(executor(), Map.of("WAYLAND_DISPLAY", "wayland-0", "PATH", bin.toString())).orElseThrow();

        notifier.accept(Notice.alert(Instant.parse("2026-11-27T10:00:00Z"), Notice.Level.WARNING, null, "Guard", "hold-new-runs"));

        assertThat(Files.readAllLines(dir.resolve("args.txt"))).containsExactly(
                "--app-name=CloudVoter", "--urgency=normal", "CloudVoter: Guard", "hold-new-runs");
    }

    @Test
    void withoutADisplayOrWithoutNotifySendThereIsNoOsNotifier() throws Exception {
        var bin = fakeNotifySend();
        assertThat(OsNotifier.find(executor(), Map.of("PATH", bin.toString()))).as("no display").isEmpty();
        assertThat(OsNotifier.find(executor(), Map.of("DISPLAY", ":99", "PATH", dir.resolve("empty").toString())))
                .as("no notify-send").isEmpty();
    }
}
