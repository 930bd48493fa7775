package io.cloudvoter.desktop.testing;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SSH server of the test's own (Apache MINA SSHD's), on a free loopback port: one user, one
 * authorised key, port forwarding allowed, a host key made for the test. It counts sessions and
 * public-key checks, so a test can tell a retry storm from a single attempt. Never the machine's sshd,
 * never the operator's ~/.ssh.
 */
public final class TestSshServer implements AutoCloseable {
    public static final String USER = "ops";

    private final SshServer server;
    private final KeyPair hostKey;
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger keyChecks = new AtomicInteger();

    public TestSshServer(KeyPair hostKey, KeyPair authorized, int port) {
        this.hostKey = hostKey;
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> {
            keyChecks.incrementAndGet();
            return USER.equals(user) && KeyUtils.compareKeys(key, authorized.getPublic());
        });
        server.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                sessions.incrementAndGet();
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static KeyPair newKey() {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code key} as an OpenSSH private key file (mode 0600), encrypted when a passphrase is given. */
    public static Path writeKey(KeyPair key, Path file, String passphrase) throws Exception {
        OpenSSHKeyEncryptionContext encryption = null;
        if (passphrase != null) {
            encryption = new OpenSSHKeyEncryptionContext();
            encryption.setPassword(passphrase);
            encryption.setCipherName("AES");
            encryption.setCipherType("256");
            encryption.setCipherMode("CTR");
        }
        try (var out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "test", encryption, out);
        }
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** A known_hosts line for this server, as OpenSSH writes one for a port other than 22. */
    public String knownHostsLine() {
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n";
    }

    public KeyPair hostKey() {
        return hostKey;
    }

    public int port() {
        return server.getPort();
    }

    public int sessions() {
        return sessions.get();
    }

    public int keyChecks() {
        return keyChecks.get();
    }

    /** Ends every SSH session as a lost network would (the client must notice and reconnect). */
    public void dropSessions() {
        for (var s : server.getActiveSessions()) {
            s.close(true);
        }
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
