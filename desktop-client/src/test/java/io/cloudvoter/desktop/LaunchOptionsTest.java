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

    @Test
    void anSshAgentIsReachedThroughATunnelToTheAgentsAddressOnTheServer(@TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("token"), "tok-0123456789abcdef\n");
        java.nio.file.Files.writeString(dir.resolve("pass"), "open sesame\n");
        var o = LaunchOptions.parse(new String[]{"--agent", "ssh://root@203.0.113.7:2222", "--token-file", dir.resolve("token").toString(),
                "--ssh-key", "/keys/id_ed25519", "--ssh-passphrase-file", dir.resolve("pass").toString(),
                "--agent", "ssh://droplet/127.0.0.1:9000", "--token", "tok-abcdef0123456789", "--ssh-agent"});
        var first = o.agents().get(0);
        assertThat(first.url()).isEqualTo("http://127.0.0.1:8077");
        assertThat(first.ssh()).isEqualTo(new io.cloudvoter.desktop.connection.SshRoute("root@203.0.113.7:2222", "/keys/id_ed25519",
                "open sesame", false));
        assertThat(first.ssh().user()).isEqualTo("root");
        assertThat(first.ssh().host()).isEqualTo("203.0.113.7");
        assertThat(first.ssh().port()).isEqualTo(2222);
        assertThat(first.name()).isEqualTo("203.0.113.7");
        assertThat(first.toString()).doesNotContain("open sesame").doesNotContain("tok-");
        var second = o.agents().get(1);
        assertThat(second.url()).isEqualTo("http://127.0.0.1:9000");
        assertThat(second.ssh().useAgent()).isTrue();
        assertThat(second.ssh().user()).as("from ~/.ssh/config, or the local user").isNull();
        assertThat(second.ssh().port()).isZero();
    }

    @Test
    void sshMistakesNameTheOptionAndTheReason() {
        assertThatThrownBy(() -> LaunchOptions.parse(new String[]{"--agent", "ssh://root@h/8077", "--token", "x"}))
                .hasMessage("--agent ssh://root@h/8077: the agent's address after '/' must be HOST:PORT (e.g. 127.0.0.1:8077), not '8077'");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[]{"--agent", "ssh://root@h:99999", "--token", "x"}))
                .hasMessage("--agent ssh://root@h:99999: via SSH: port 99999 is out of range 1..65535");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[]{"--agent", "http://h:1", "--token", "x", "--ssh-agent"}))
                .hasMessage("--agent http://h:1: --ssh-key, --ssh-passphrase-file and --ssh-agent go with an ssh:// agent");
    }
}
