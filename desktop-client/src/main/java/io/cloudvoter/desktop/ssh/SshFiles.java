package io.cloudvoter.desktop.ssh;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the SSH client looks: {@code known_hosts}, {@code config}, and the keys tried when a profile
 * names none ({@code id_ed25519}, {@code id_ecdsa}, {@code id_rsa}, as OpenSSH does). The app uses the
 * operator's {@code ~/.ssh}; tests hand in files of their own.
 */
public record SshFiles(Path knownHosts, Path config, List<Path> defaultKeys) {

    public static SshFiles in(Path sshDir) {
        return new SshFiles(sshDir.resolve("known_hosts"), sshDir.resolve("config"),
                List.of(sshDir.resolve("id_ed25519"), sshDir.resolve("id_ecdsa"), sshDir.resolve("id_rsa")));
    }

    /** The operator's {@code ~/.ssh}. */
    public static SshFiles ofUser() {
        return in(Path.of(System.getProperty("user.home"), ".ssh"));
    }
}
