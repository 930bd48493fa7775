package io.cloudvoter.desktop.ssh;

import io.cloudvoter.model.files.PrivateFiles;

import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.digest.BuiltinDigests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;

/**
 * The host keys of {@code known_hosts}, as OpenSSH keeps them: a server's key is known, unknown, or has
 * changed (the file has a key of the same type for that host and port, and it is another one). Hashed
 * host names ({@code HashKnownHosts yes}) are matched too. Blocking.
 */
public final class HostKeys {

    /** What {@code known_hosts} says about a server's key. */
    public sealed interface Verdict {
        record Known() implements Verdict {
        }

        record Unknown(String fingerprint, String keyType) implements Verdict {
        }

        /** {@code line} is the line of the file that holds the old key. */
        record Changed(String fingerprint, String keyType, String knownFingerprint, int line) implements Verdict {
        }
    }

    private final Path file;

    public HostKeys(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** "SHA256:…", as {@code ssh-keygen -l} and {@code ssh} print it. */
    public static String fingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }

    public Verdict check(String host, int port, PublicKey key) throws IOException {
        String type = KeyUtils.getKeyType(key);
        if (Files.exists(file)) {
            var lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                KnownHostEntry entry;
                PublicKey known;
                try {
                    entry = KnownHostEntry.parseKnownHostEntry(line);
                    if (entry == null || entry.getKeyEntry() == null || entry.getMarker() != null || !entry.isHostMatch(host, port)) {
                        continue;
                    }
                    known = entry.getKeyEntry().resolvePublicKey(null, null, PublicKeyEntryResolver.IGNORING);
                } catch (Exception e) {
                    continue; // a line this client cannot read is not a match; OpenSSH skips them too
                }
                if (known == null || !type.equals(KeyUtils.getKeyType(known))) {
                    continue;
                }
                if (KeyUtils.compareKeys(known, key)) {
                    return new Verdict.Known();
                }
                return new Verdict.Changed(fingerprint(key), type, fingerprint(known), i + 1);
            }
        }
        return new Verdict.Unknown(fingerprint(key), type);
    }

    /** Adds the key the operator accepted, as {@code host} (port 22) or {@code [host]:port}; creates the file (0600) if need be. */
    public void add(String host, int port, PublicKey key) throws IOException {
        String pattern = port == 22 ? host : "[" + host + "]:" + port;
        String line = pattern + " " + PublicKeyEntry.toString(key) + System.lineSeparator();
        PrivateFiles.folderIfMissing(file.toAbsolutePath().getParent());
        if (!Files.exists(file)) {
            PrivateFiles.file(file);
        } else if (Files.size(file) > 0 && !endsWithNewline()) {
            line = System.lineSeparator() + line;
        }
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private boolean endsWithNewline() throws IOException {
        byte[] all = Files.readAllBytes(file);
        return all.length == 0 || all[all.length - 1] == '\n';
    }

    /** The command that removes a changed host's old key, for the warning. */
    public static String removeCommand(String host, int port) {
        return "ssh-keygen -R " + (port == 22 ? host : "'[" + host + "]:" + port + "'");
    }
}
