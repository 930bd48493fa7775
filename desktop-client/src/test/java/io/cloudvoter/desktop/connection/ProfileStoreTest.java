package io.cloudvoter.desktop.connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileStoreTest {
    @TempDir
    Path home;

    @Test
    void savesProfilesReadableByTheOwnerOnlyAndReadsThemBack() throws Exception {
        var dir = new ConfigDir(home.resolve("cloudvoter"));
        var store = new ProfileStore(dir);
        var profiles = List.of(new Profile("fra1", "http://10.0.0.5:8077/", "tok-aaaaaaaaaaaaaaaa"),
                new Profile("", "https://agent.example.org", "tok-bbbbbbbbbbbbbbbb"));
        store.save(profiles);

        var file = dir.file(ProfileStore.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.path()))).isEqualTo("rwx------");
        assertThat(store.load()).containsExactly(
                new Profile("fra1", "http://10.0.0.5:8077", "tok-aaaaaaaaaaaaaaaa"),
                new Profile("agent.example.org", "https://agent.example.org", "tok-bbbbbbbbbbbbbbbb"));
        assertThat(dir.path().toFile().list()).containsExactly(ProfileStore.FILE);
    }

    @Test
    void noFileMeansNoProfiles() throws Exception {
        assertThat(new ProfileStore(new ConfigDir(home)).load()).isEmpty();
    }

    @Test
    void aBrokenFileIsReportedWithItsPath() throws Exception {
        Files.writeString(home.resolve(ProfileStore.FILE), "[{\"name\":\"x\",");
        assertThatThrownBy(() -> new ProfileStore(new ConfigDir(home)).load())
                .hasMessageStartingWith(home.resolve(ProfileStore.FILE) + ": not a valid profiles file");
        Files.writeString(home.resolve(ProfileStore.FILE), "[{\"name\":\"x\",\"url\":\"ftp://x\",\"token\":\"t\"}]");
        assertThatThrownBy(() -> new ProfileStore(new ConfigDir(home)).load())
                .hasMessageContaining("must start with http:// or https://");
    }

    @Test
    void theTokenNeverShowsInText() {
        var p = new Profile("fra1", "http://127.0.0.1:8077", "very-secret-token-123");
        assertThat(p.toString()).doesNotContain("very-secret").contains("token=***");
    }

    @Test
    void badInputNamesTheFieldAndTheReason() {
        assertThatThrownBy(() -> new Profile("x", "127.0.0.1:8077", "t")).hasMessage("URL: '127.0.0.1:8077' must start with http:// or https://");
        assertThatThrownBy(() -> new Profile("x", " ", "t")).hasMessageStartingWith("URL: empty");
        assertThatThrownBy(() -> new Profile("x", "http://h:1", " ")).hasMessageStartingWith("token: empty");
    }

    @Test
    void eventStreamAddressFollowsTheScheme() {
        assertThat(new Profile("a", "https://h.example:8443/", "t").eventsUri(42).toString()).isEqualTo("wss://h.example:8443/ws?since=42");
        assertThat(new Profile("a", "http://h:8077", "t").eventsUri(0).toString()).isEqualTo("ws://h:8077/ws");
    }

    @Test
    void configDirFollowsXdgAndTheOverride() {
        assertThat(ConfigDir.locate(Map.of("XDG_CONFIG_HOME", "/x")).path()).isEqualTo(Path.of("/x/cloudvoter"));
        assertThat(ConfigDir.locate(Map.of("CLOUDVOTER_DESKTOP_CONFIG", "/y", "XDG_CONFIG_HOME", "/x")).path()).isEqualTo(Path.of("/y"));
    }

    @Test
    void anSshProfileKeepsItsRouteKeyAndPassphraseAndNothingElse() throws Exception {
        var dir = new ConfigDir(home.resolve("cloudvoter"));
        var store = new ProfileStore(dir);
        var p = new Profile("fra1", "http://127.0.0.1:8077", "tok-aaaaaaaaaaaaaaaa",
                new SshRoute("root@203.0.113.7:2222", "/home/me/.ssh/id_ed25519", "open sesame", true));
        store.save(List.of(p));
        assertThat(store.load()).containsExactly(p);
        String json = Files.readString(dir.file(ProfileStore.FILE));
        assertThat(json).contains("\"target\" : \"root@203.0.113.7:2222\"").doesNotContain("\"host\"").doesNotContain("\"user\"");
        assertThat(p.toString()).doesNotContain("open sesame").doesNotContain("tok-");
    }
}
