package io.cloudvoter.agent.web;

import io.cloudvoter.agent.Refusal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The agent's bearer token: {@code CLOUDVOTER_TOKEN} when set, otherwise generated once into the
 * data dir (mode 0600) and kept across restarts. Compared in constant time.
 */
public final class TokenStore {
    private final Path file;
    private final boolean fixed;
    private volatile byte[] token;
    private boolean generated;

    public TokenStore(Path file, Optional<String> fromEnvironment) {
        this.file = file;
        this.fixed = fromEnvironment.isPresent();
        this.token = fromEnvironment.map(TokenStore::bytes).orElseGet(this::loadOrGenerate);
    }

    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(token, bytes(presented));
    }

    /** The token in clear: only for the console at start and the rotate answer, never for a log. */
    public String reveal() {
        return new String(token, StandardCharsets.UTF_8);
    }

    /** True when this start created the token file (first start on this data dir). */
    public boolean generated() {
        return generated;
    }

    public boolean fixed() {
        return fixed;
    }

    public Path file() {
        return file;
    }

    /** Replaces the token; the old one stops working at once. */
    public String rotate() {
        if (fixed) {
            throw Refusal.conflict("the token is set by CLOUDVOTER_TOKEN; change it there and restart the agent");
        }
        String fresh = newToken();
        write(fresh);
        token = bytes(fresh);
        return fresh;
    }

    private byte[] loadOrGenerate() {
        try {
            if (Files.isRegularFile(file)) {
                String existing = Files.readString(file).strip();
                if (existing.length() >= 16) {
                    return bytes(existing);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token file " + file, e);
        }
        String fresh = newToken();
        write(fresh);
        generated = true;
        return bytes(fresh);
    }

    private void write(String value) {
        try {
            Files.createDirectories(file.getParent());
            var tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, value + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the token file " + file, e);
        }
    }

    private static String newToken() {
        var raw = new byte[24];
        new SecureRandom().nextBytes(raw);
        return HexFormat.of().formatHex(raw);
    }

    private static byte[] bytes(String s) {
        return s.strip().getBytes(StandardCharsets.UTF_8);
    }
}
