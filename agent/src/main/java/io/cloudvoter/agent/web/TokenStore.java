package io.cloudvoter.agent.web;

import io.cloudvoter.agent.Refusal;
import io.cloudvoter.agent.files.FileErrors;
import io.cloudvoter.model.files.PrivateFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
            if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                String existing = Files.readString(file).strip();
                var problem = problem(existing);
                if (problem != null) {
                    // Never replaced behind the operator's back: they may have written it on purpose.
                    throw new IllegalStateException("the token file " + file + " " + problem
                            + " (fix it, or delete it to have a new token generated)");
                }
                PrivateFiles.restrict(file);
                return bytes(existing);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token file " + file + ": " + FileErrors.reason(e), e);
        }
        String fresh = newToken();
        write(fresh);
        generated = true;
        return bytes(fresh);
    }

    private void write(String value) {
        try {
            PrivateFiles.write(file, (value + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the token file " + file + ": " + FileErrors.reason(e), e);
        }
    }

    /** Why a text cannot be a token, or null: at least 16 characters, none of them blank or control. */
    public static String problem(String token) {
        if (token.isEmpty()) {
            return "is empty";
        }
        if (token.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c) || c > 126)) {
            return "holds spaces, control or non-ASCII characters; a token is printable ASCII, e.g. `openssl rand -hex 24`";
        }
        if (token.length() < 16) {
            return "too short (" + token.length() + " characters; use at least 16, e.g. `openssl rand -hex 24`)";
        }
        return null;
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
