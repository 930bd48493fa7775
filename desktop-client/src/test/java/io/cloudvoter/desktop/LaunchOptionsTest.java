package io.cloudvoter.desktop;

import io.cloudvoter.desktop.connection.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LaunchOptionsTest {
    @Test
    void opensEachAgentGivenWithItsToken(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("token"), "from-file-token-0123\n");
        var o = LaunchOptions.parse(new String[]{"--agent", "http://127.0.0.1:8077", "--token", "abc-0123456789",
                "--agent", "http://10.0.0.2:8077", "--token-file", dir.resolve("token").toString(), "--name", "fra1"});
        assertThat(o.agents()).containsExactly(
                new Profile(null, "http://127.0.0.1:8077", "abc-0123456789"),
                new Profile("fra1", "http://10.0.0.2:8077", "from-file-token-0123"));
    }

    @Test
    void mistakesNameTheOptionAndTheReason(@TempDir Path dir) {
        assertThatThrownBy(() -> LaunchOptions.parse(new String[]{"--agent", "http://h:1"}))
                .hasMessage("--agent http://h:1: needs --token TOKEN or --token-file FILE");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[]{"--agent"})).hasMessage("--agent: needs a value");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[]{"--token", "x"})).hasMessage("--token/--token-file: give --agent URL first");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[]{"--agent", "h:1", "--token", "x"}))
                .hasMessage("--agent h:1: URL: 'h:1' must start with http:// or https://");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[]{"--agent", "http://h:1", "--token-file", dir.resolve("nope").toString()}))
                .hasMessageStartingWith("--token-file " + dir.resolve("nope") + ": cannot read it (NoSuchFileException");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[]{"--colour"})).hasMessage("unknown option '--colour'");
    }

    @Test
    void noAgentMeansTheSavedProfiles() {
        assertThat(LaunchOptions.parse(new String[0]).agents()).isEmpty();
    }
}
