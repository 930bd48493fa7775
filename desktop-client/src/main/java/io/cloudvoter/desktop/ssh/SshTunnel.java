package io.cloudvoter.desktop.ssh;

import io.cloudvoter.desktop.concurrent.UiExecutor;
import io.cloudvoter.desktop.connection.Backoff;
import io.cloudvoter.desktop.connection.SshRoute;
import io.cloudvoter.desktop.ssh.TunnelStatus.Phase;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.ConfigFileHostEntryResolver;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The desktop's own SSH tunnel to one agent (Apache MINA SSHD's client): a fixed port on 127.0.0.1
 * forwarded to the agent's bind address on the droplet, so no port is opened there. It is kept up:
 * keep-alives every {@value #KEEPALIVE_SECONDS} s (three unanswered end the session), and a lost session
 * is opened again with the same backoff as the WebSocket's, on the same local port, after which the
 * connection is told to retry at once. The server's key is checked against {@code known_hosts}: an
 * unknown key waits for the operator (its SHA256 fingerprint is shown), a changed one is refused and
 * never retried. A refused key is not retried either: every try would be another failed login.
 * Everything but the blocking SSH calls runs on the FX thread.
 */
public final class SshTunnel implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SshTunnel.class.getName());
    static final int KEEPALIVE_SECONDS = 15;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(20);

    private final String name;
    private final SshRoute route;
    private final String remoteHost;
    private final int remotePort;
    private final SshFiles files;
    private final HostKeys hostKeys;
    private final UiExecutor executor;
    private final Backoff backoff;
    private final Clock clock;
    private final int localPort;
    private final ReadOnlyObjectWrapper<TunnelStatus> status = new ReadOnlyObjectWrapper<>(TunnelStatus.closed());
    private Runnable onUp = () -> { };
    private SshClient client;
    private volatile ClientSession session;
    /** What the host key check said during the attempt in progress (written on an SSH thread). */
    private volatile Seen seen;
    private UiExecutor.Cancellable retryTimer = UiExecutor.Cancellable.NONE;
    private int generation;
    private boolean closed = true;

    private record Seen(String host, int port, PublicKey key, HostKeys.Verdict verdict) {
    }

    /** A refusal that retrying cannot mend (the key, its passphrase, the server saying no). */
    static final class Refusal extends IOException {
        Refusal(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public SshTunnel(String name, SshRoute route, String remoteHost, int remotePort, SshFiles files, UiExecutor executor,
                     Backoff backoff, Clock clock) {
        this.name = name;
        this.route = route;
        this.remoteHost = remoteHost;
        this.remotePort = remotePort;
        this.files = files;
        this.hostKeys = new HostKeys(files.knownHosts());
        this.executor = executor;
        this.backoff = backoff;
        this.clock = clock;
        this.localPort = freePort();
    }

    public ReadOnlyObjectProperty<TunnelStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    public TunnelStatus status() {
        return status.get();
    }

    public SshRoute route() {
        return route;
    }

    /** The near end: what the REST calls and the event stream connect to. */
    public String localUrl() {
        return "http://127.0.0.1:" + localPort;
    }

    /** Told each time the tunnel is up (again): the connection then retries without waiting. */
    public void onUp(Runnable action) {
        this.onUp = action;
    }

    public void open() {
        closed = false;
        attempt();
    }

    /** The operator accepted the unknown key shown: it goes into known_hosts and the tunnel opens. */
    public void acceptHostKey() {
        var s = seen;
        if (closed || status.get().phase() != Phase.HOST_UNKNOWN || s == null) {
            return;
        }
        executor.background(() -> {
            hostKeys.add(s.host(), s.port(), s.key());
            return null;
        }, ok -> {
            LOG.info(() -> name + ": added the host key of " + s.host() + ":" + s.port() + " (" + HostKeys.fingerprint(s.key())
                    + ") to " + hostKeys.file());
            backoff.reset();
            attempt();
        }, e -> setStatus(Phase.HOST_UNKNOWN, "could not add the key to " + hostKeys.file() + ": " + e.getMessage(), null,
                status.get().hostKey()));
    }

    @Override
    public void close() {
        closed = true;
        generation++;
        retryTimer.cancel();
        var s = session;
        session = null;
        var c = client;
        client = null;
        setStatus(Phase.CLOSED, null, null, null);
        executor.background(() -> {
            if (s != null) {
                s.close(true);
            }
            if (c != null) {
                c.stop();
            }
            return null;
        }, ok -> { }, e -> { });
    }

    private void attempt() {
        retryTimer.cancel();
        int gen = ++generation;
        setStatus(Phase.OPENING, status.get().detail(), null, null);
        seen = null;
        var c = client();
        executor.background(() -> connect(c), opened -> {
            if (gen != generation || closed) {
                opened.close(true);
                return;
            }
            session = opened;
            backoff.reset();
            setStatus(Phase.UP, null, null, null);
            LOG.info(() -> name + ": SSH tunnel up: 127.0.0.1:" + localPort + " → " + route.target() + " → " + remoteHost + ":" + remotePort);
            opened.addSessionListener(new SessionListener() {
                @Override
                public void sessionClosed(Session closedSession) {
                    executor.ui(() -> lost(gen, "the SSH session ended"));
                }
            });
            if (!opened.isOpen()) {
                lost(gen, "the SSH session ended");
                return;
            }
            onUp.run();
        }, error -> {
            if (gen == generation && !closed) {
                failed(error);
            }
        });
    }

    private void failed(Throwable error) {
        var s = seen;
        if (s != null && s.verdict() instanceof HostKeys.Verdict.Unknown u) {
            setStatus(Phase.HOST_UNKNOWN, "The authenticity of " + s.host() + " (port " + s.port() + ") can't be established: its "
                    + u.keyType() + " key is not in " + hostKeys.file() + ". Fingerprint " + u.fingerprint()
                    + ". Accept it only if it is the one the server shows (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub).",
                    null, u.fingerprint());
            return;
        }
        if (s != null && s.verdict() instanceof HostKeys.Verdict.Changed ch) {
            setStatus(Phase.HOST_CHANGED, "WARNING: the host key of " + s.host() + " (port " + s.port() + ") has CHANGED. "
                    + hostKeys.file() + " line " + ch.line() + " has " + ch.knownFingerprint() + "; the server now shows "
                    + ch.fingerprint() + ". Someone may be intercepting the connection (man in the middle), or the server"
                    + " was reinstalled. Not connecting. If you know why it changed: " + HostKeys.removeCommand(s.host(), s.port())
                    + ", then connect again.", null, ch.fingerprint());
            LOG.warning(name + ": " + status.get().detail());
            return;
        }
        if (error instanceof Refusal) {
            setStatus(Phase.REFUSED, error.getMessage(), null, null);
            LOG.warning(name + ": " + error.getMessage());
            return;
        }
        retry(reason(error));
    }

    private void lost(int gen, String why) {
        if (gen != generation || closed) {
            return;
        }
        generation++;
        session = null;
        LOG.info(() -> name + ": " + why + "; reopening the tunnel");
        retry(why);
    }

    private void retry(String why) {
        Duration delay = backoff.next();
        setStatus(Phase.RETRYING, why, clock.instant().plus(delay), null);
        retryTimer = executor.schedule(delay, () -> {
            if (!closed) {
                attempt();
            }
        });
    }

    /** Blocking: connects, checks the host key, logs in, forwards the local port. */
    private ClientSession connect(SshClient c) throws IOException {
        var keys = explicitKeys();
        ClientSession s;
        try {
            s = c.connect(route.user(), route.host(), route.port()).verify(CONNECT_TIMEOUT).getSession();
        } catch (IOException e) {
            throw new IOException("cannot reach " + route.target() + " (" + rootMessage(e) + ")", e);
        }
        try {
            keys.forEach(s::addPublicKeyIdentity);
            try {
                s.auth().verify(AUTH_TIMEOUT);
            } catch (IOException e) {
                if (seen != null && !(seen.verdict() instanceof HostKeys.Verdict.Known)) {
                    throw e; // the host key decides, see failed()
                }
                if (!s.isOpen() || rootMessage(e).contains("No more authentication methods")) {
                    throw new Refusal(refusedKeys(s), e);
                }
                throw e;
            }
            s.startLocalPortForwarding(new SshdSocketAddress("127.0.0.1", localPort), new SshdSocketAddress(remoteHost, remotePort));
            return s;
        } catch (IOException | RuntimeException e) {
            s.close(true);
            throw e;
        }
    }

    private String refusedKeys(ClientSession s) {
        String who = (s.getUsername() == null ? "" : s.getUsername() + "@") + route.host();
        String offered = route.keyFile() != null ? "the key " + route.keyFile()
                : route.useAgent() ? (files.agentSocket() == null ? "every key: no ssh-agent is running (SSH_AUTH_SOCK is not set)"
                : "the ssh-agent's keys") : "the default keys (" + files.defaultKeys() + ")";
        return who + " refused " + offered + " (publickey). Check the key file in the profile, or add its public key"
                + " to ~/.ssh/authorized_keys on the server. Not retrying until the profile changes.";
    }

    /** Blocking: the profile's key file (decrypted with its passphrase), or the default keys that exist. */
    private List<KeyPair> explicitKeys() throws IOException {
        var found = new ArrayList<KeyPair>();
        var files = route.keyFile() != null ? List.of(expand(route.keyFile()))
                : route.useAgent() ? List.<Path>of() : this.files.defaultKeys().stream().filter(Files::isRegularFile).toList();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                var provider = route.keyPassphrase() == null ? FilePasswordProvider.EMPTY : FilePasswordProvider.of(route.keyPassphrase());
                var loaded = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in, provider);
                if (loaded != null) {
                    loaded.forEach(found::add);
                }
            } catch (java.nio.file.NoSuchFileException e) {
                throw new Refusal("key file " + file + ": no such file", e);
            } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
                if (route.keyFile() == null) {
                    LOG.fine(() -> name + ": skipped " + file + ": " + e.getMessage());
                    continue; // a default key that needs a passphrase: like OpenSSH without one, try the others
                }
                throw new Refusal("key file " + file + ": cannot be read" + (route.keyPassphrase() == null
                        ? " without a passphrase (give its passphrase in the profile)" : " with the passphrase given")
                        + " (" + rootMessage(e) + ")", e);
            }
        }
        return found;
    }

    private static Path expand(String file) {
        return Path.of(file.startsWith("~/") ? System.getProperty("user.home") + file.substring(1) : file);
    }

    private synchronized SshClient client() {
        if (client == null) {
            var c = SshClient.setUpDefaultClient();
            c.setServerKeyVerifier(this::verify);
            c.setHostConfigEntryResolver(Files.isRegularFile(files.config())
                    ? new ConfigFileHostEntryResolver(files.config()) : HostConfigEntryResolver.EMPTY);
            c.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
            c.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
            if (route.useAgent() && files.agentSocket() != null) {
                c.setAgentFactory(new AgentSocket(files.agentSocket()));
            }
            CoreModuleProperties.HEARTBEAT_INTERVAL.set(c, Duration.ofSeconds(KEEPALIVE_SECONDS));
            CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(c, 3);
            c.start();
            client = c;
        }
        return client;
    }

    /** MINA's host key callback, on an SSH thread: remembers what known_hosts said; only a known key passes. */
    private boolean verify(ClientSession s, SocketAddress remote, PublicKey key) {
        String host;
        int port;
        var target = s.getConnectAddress();
        if (target instanceof SshdSocketAddress a) {
            host = a.getHostName();
            port = a.getPort();
        } else if (target instanceof InetSocketAddress a) {
            host = a.getHostString();
            port = a.getPort();
        } else {
            host = route.host();
            port = route.port() == 0 ? 22 : route.port();
        }
        try {
            var verdict = hostKeys.check(host, port, key);
            seen = new Seen(host, port, key, verdict);
            return verdict instanceof HostKeys.Verdict.Known;
        } catch (IOException e) {
            LOG.warning(name + ": cannot read " + hostKeys.file() + ": " + e.getMessage());
            seen = new Seen(host, port, key, new HostKeys.Verdict.Unknown(HostKeys.fingerprint(key),
                    org.apache.sshd.common.config.keys.KeyUtils.getKeyType(key)));
            return false;
        }
    }

    private void setStatus(Phase phase, String detail, java.time.Instant retryAt, String hostKey) {
        status.set(new TunnelStatus(phase, detail, retryAt, hostKey));
    }

    private static String reason(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static int freePort() {
        try (var socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("no free local port for an SSH tunnel", e);
        }
    }
}
