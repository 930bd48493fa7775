package io.cloudvoter.desktop.ssh;

import io.cloudvoter.desktop.concurrent.FxUiExecutor;
import io.cloudvoter.desktop.connection.Backoff;
import io.cloudvoter.desktop.connection.SshRoute;
import io.cloudvoter.desktop.ssh.TunnelStatus.Phase;
import io.cloudvoter.desktop.testing.FxToolkit;
import io.cloudvoter.desktop.testing.TestSshServer;
import io.cloudvoter.desktop.testing.VotePage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static io.cloudvoter.desktop.testing.StreamWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The desktop's SSH tunnel against an SSH server started here (MINA SSHD's, with a test host key, a test
 * user key and a test known_hosts), forwarding to a page on a free port. Nothing of the machine's own
 * ~/.ssh is read: every path is the test's.
 */
@ExtendWith(FxToolkit.class)
class SshTunnelTest {
    @TempDir
    Path dir;

    private final KeyPair hostKey = TestSshServer.newKey();
    private final KeyPair userKey = TestSshServer.newKey();
    private final FxUiExecutor executor = new FxUiExecutor();
    private TestSshServer ssh;
    private VotePage page;
    private SshTunnel tunnel;
    private SshFiles files;

    @BeforeEach
    void start() throws Exception {
        ssh = new TestSshServer(hostKey, userKey, 0);
        page = new VotePage();
        files = new SshFiles(dir.resolve("known_hosts"), dir.resolve("config"), List.of());
        TestSshServer.writeKey(userKey, dir.resolve("id_test"), null);
    }

    @AfterEach
    void stop() throws Exception {
        if (tunnel != null) {
            fx(() -> tunnel.close());
        }
        ssh.close();
        page.close();
        executor.close();
    }

    private SshTunnel open(SshRoute route) throws Exception {
        int pagePort = URI.create(page.url()).getPort();
        tunnel = fx(() -> {
            var t = new SshTunnel("test", route, "127.0.0.1", pagePort, files, executor,
                    new Backoff(Duration.ofMillis(100), Duration.ofMillis(400), Math::random), Clock.systemUTC());
            t.open();
            return t;
        });
        return tunnel;
    }

    private SshRoute route(Path key, String passphrase) {
        return new SshRoute(TestSshServer.USER + "@127.0.0.1:" + ssh.port(), key == null ? null : key.toString(), passphrase, false);
    }

    private Phase phase() {
        return fx(() -> tunnel.status().phase());
    }

    private void awaitPhase(Phase phase) {
        await().atMost(Duration.ofSeconds(15)).until(() -> phase() == phase);
    }

    private String throughTheTunnel() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(tunnel.localUrl() + "/vote"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void aKnownHostAndTheRightKeyOpenTheTunnelAndALostSessionIsOpenedAgainOnTheSamePort() throws Exception {
        Files.writeString(files.knownHosts(), ssh.knownHostsLine());
        open(route(dir.resolve("id_test"), null));
        awaitPhase(Phase.UP);
        assertThat(throughTheTunnel()).contains("Votes so far");

        String local = tunnel.localUrl();
        ssh.dropSessions();
        await().atMost(Duration.ofSeconds(15)).until(() -> ssh.sessions() == 2 && phase() == Phase.UP);
        assertThat(tunnel.localUrl()).isEqualTo(local);
        assertThat(throughTheTunnel()).contains("Votes so far");
    }

    @Test
    void anUnknownHostKeyWaitsWithItsFingerprintAsOpenSshPrintsItAndIsAddedOnlyWhenAccepted() throws Exception {
        open(route(dir.resolve("id_test"), null));
        awaitPhase(Phase.HOST_UNKNOWN);
        var status = fx(() -> tunnel.status());
        assertThat(status.hostKey()).isEqualTo(openSshFingerprint()).startsWith("SHA256:");
        assertThat(status.detail()).contains("can't be established").contains(status.hostKey());
        assertThat(status.retryAt()).as("nothing more until the operator decides").isNull();
        assertThat(files.knownHosts()).doesNotExist();
        assertThat(ssh.keyChecks()).as("no login tried with an unchecked server").isZero();

        fx(() -> tunnel.acceptHostKey());
        awaitPhase(Phase.UP);
        assertThat(Files.readString(files.knownHosts())).isEqualTo(ssh.knownHostsLine());
        assertThat(throughTheTunnel()).contains("Votes so far");
    }

    @Test
    void aChangedHostKeyIsRefusedWithAClearWarningAndNeverRetried() throws Exception {
        var other = TestSshServer.newKey();
        Files.writeString(files.knownHosts(), "# earlier\n[127.0.0.1]:" + ssh.port() + " "
                + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(other.getPublic()) + "\n");
        open(route(dir.resolve("id_test"), null));
        awaitPhase(Phase.HOST_CHANGED);
        var status = fx(() -> tunnel.status());
        assertThat(status.detail()).contains("WARNING: the host key of 127.0.0.1 (port " + ssh.port() + ") has CHANGED")
                .contains("line 2 has " + HostKeys.fingerprint(other.getPublic()))
                .contains("now shows " + HostKeys.fingerprint(hostKey.getPublic()))
                .contains("ssh-keygen -R '[127.0.0.1]:" + ssh.port() + "'");
        assertThat(status.retryAt()).isNull();
        fx(() -> tunnel.acceptHostKey()); // only an unknown key can be accepted
        FxToolkit.flush();
        assertThat(phase()).isEqualTo(Phase.HOST_CHANGED);
        assertThat(ssh.sessions()).isEqualTo(1);
        assertThat(ssh.keyChecks()).isZero();
    }

    @Test
    void aKeyTheServerRefusesIsAClearErrorAndNotRetried() throws Exception {
        Files.writeString(files.knownHosts(), ssh.knownHostsLine());
        TestSshServer.writeKey(TestSshServer.newKey(), dir.resolve("id_other"), null);
        open(route(dir.resolve("id_other"), null));
        awaitPhase(Phase.REFUSED);
        var status = fx(() -> tunnel.status());
        assertThat(status.detail()).startsWith("ops@127.0.0.1 refused the key " + dir.resolve("id_other") + " (publickey)")
                .contains("Not retrying");
        assertThat(status.retryAt()).isNull();
        assertThat(ssh.sessions()).isEqualTo(1);
        assertThat(ssh.keyChecks()).as("one try, no storm").isEqualTo(1);
    }

    @Test
    void anEncryptedKeyOpensWithItsPassphraseAndAWrongOneSaysSo() throws Exception {
        Files.writeString(files.knownHosts(), ssh.knownHostsLine());
        var key = TestSshServer.writeKey(userKey, dir.resolve("id_secret"), "correct horse");
        open(route(key, "wrong horse"));
        awaitPhase(Phase.REFUSED);
        assertThat(fx(() -> tunnel.status().detail())).startsWith("key file " + key + ": cannot be read with the passphrase given");
        assertThat(ssh.keyChecks()).isZero();
        fx(() -> tunnel.close());

        open(route(key, "correct horse"));
        awaitPhase(Phase.UP);
        assertThat(throughTheTunnel()).contains("Votes so far");
    }

    @Test
    void aHostOfTheSshConfigGivesHostNamePortUserAndIdentityFile() throws Exception {
        Files.writeString(files.knownHosts(), ssh.knownHostsLine());
        Files.writeString(files.config(), """
                Host droplet
                    HostName 127.0.0.1
                    Port %d
                    User %s
                    IdentityFile %s
                """.formatted(ssh.port(), TestSshServer.USER, dir.resolve("id_test")));
        open(new SshRoute("droplet", null, null, false));
        awaitPhase(Phase.UP);
        assertThat(throughTheTunnel()).contains("Votes so far");
    }

    @Test
    void aServerThatIsNotThereIsRetriedWithBackoff() throws Exception {
        Files.writeString(files.knownHosts(), ssh.knownHostsLine());
        int port = ssh.port();
        ssh.close();
        open(new SshRoute(TestSshServer.USER + "@127.0.0.1:" + port, dir.resolve("id_test").toString(), null, false));
        awaitPhase(Phase.RETRYING);
        assertThat(fx(() -> tunnel.status().detail())).startsWith("cannot reach ops@127.0.0.1:" + port);
        ssh = new TestSshServer(hostKey, userKey, port);
        awaitPhase(Phase.UP);
    }

    @Test
    void theRunningSshAgentsKeyOpensTheTunnelAndThePrivateKeyStaysInTheAgent() throws Exception {
        Files.writeString(files.knownHosts(), ssh.knownHostsLine());
        var socket = dir.resolve("agent.sock");
        var agentProcess = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true).start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(socket));
            var add = new ProcessBuilder("ssh-add", dir.resolve("id_test").toString()).redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", socket.toString());
            var p = add.start();
            assertThat(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
            files = new SshFiles(files.knownHosts(), files.config(), List.of(), socket);
            open(new SshRoute(TestSshServer.USER + "@127.0.0.1:" + ssh.port(), null, null, true));
            awaitPhase(Phase.UP);
            assertThat(throughTheTunnel()).contains("Votes so far");
        } finally {
            agentProcess.destroy();
            agentProcess.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** What OpenSSH's own ssh-keygen says the server's key is. */
    private String openSshFingerprint() throws Exception {
        var pub = dir.resolve("host.pub");
        Files.writeString(pub, org.apache.sshd.common.config.keys.PublicKeyEntry.toString(hostKey.getPublic()) + " host\n");
        var p = new ProcessBuilder("ssh-keygen", "-l", "-E", "sha256", "-f", pub.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as(out).isZero();
        return out.split("\\s+")[1];
    }
}
