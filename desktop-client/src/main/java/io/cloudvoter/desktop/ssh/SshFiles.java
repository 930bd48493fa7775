package io.cloudvoter.desktop.ssh;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the SSH client looks: {@code known_hosts}, {@code config}, the keys tried when a profile names
 * none ({@code id_ed25519}, {@code id_ecdsa}, {@code id_rsa}, as OpenSSH does) and the ssh-agent's socket
 * (null: none). The app uses the operator's {@code ~/.ssh} and {@code SSH_AUTH_SOCK}; tests hand in their own.
 */
public record SshFiles(Path knownHosts, Path config, List<Path> defaultKeys, Path agentSocket) {

    public SshFiles(Path knownHosts, Path config, List<Path> defaultKeys) {
        this(knownHosts, config, defaultKeys, null);
    }

    public static SshFiles in(Path sshDir, Path agentSocket) {
        return new SshFiles(sshDir.resolve("known_hosts"), sshDir.resolve("config"),
                List.of(sshDir.resolve("id_ed25519"), sshDir.resolve("id_ecdsa"), sshDir.resolve("id_rsa")), agentSocket);
    }

    /** The operator's {@code ~/.ssh} and ssh-agent. */
    public static SshFiles ofUser() {
        String sock = System.getenv("SSH_AUTH_SOCK");
        return in(Path.of(System.getProperty("user.home"), ".ssh"), sock == null || sock.isBlank() ? null : Path.of(sock));
    }
}
