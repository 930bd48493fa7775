package io.cloudvoter.agent.web;

import io.cloudvoter.agent.config.SectionReader;

import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import io.helidon.common.tls.Tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Optional;

/**
 * The {@code cloudvoter.tls} section: HTTPS and WSS on the agent's port, from a PEM certificate
 * chain and private key, or from a PKCS12 keystore, both read by Helidon's {@link Keys}. Passwords
 * never sit in the config file: the keystore's (or an encrypted PEM key's) comes from
 * {@code CLOUDVOTER_TLS_PASSWORD}. Every problem names its key and the file.
 */
public final class TlsSettings {
    public static final String PASSWORD_ENV = "CLOUDVOTER_TLS_PASSWORD";

    private TlsSettings() {
    }

    /** The server's TLS, or empty when {@code tls.enabled} is false (the default); problems go to the reader's list. */
    public static Optional<Tls> read(SectionReader r) {
        boolean enabled = r.bool("enabled", false);
        var cert = r.path("cert");
        var key = r.path("key");
        var keystore = r.path("keystore");
        var alias = r.text("key-alias");
        if (!enabled) {
            return Optional.empty();
        }
        String password = r.envValue(PASSWORD_ENV);
        if (keystore.isPresent() == (cert.isPresent() || key.isPresent())) {
            r.problem("enabled", "TLS needs either cert and key (PEM) or keystore (PKCS12), not "
                    + (keystore.isPresent() ? "both" : "neither"));
            return Optional.empty();
        }
        if (keystore.isPresent()) {
            return fromKeystore(r, keystore.get(), alias, password);
        }
        if (cert.isEmpty() || key.isEmpty()) {
            r.problem(cert.isEmpty() ? "cert" : "key", "missing: PEM needs both cert (the certificate chain) and key");
            return Optional.empty();
        }
        return fromPem(r, cert.get(), key.get(), password);
    }

    private static Optional<Tls> fromPem(SectionReader r, Path cert, Path key, String password) {
        if (!readable(r, "cert", cert) | !readable(r, "key", key)) {
            return Optional.empty();
        }
        // Read one at a time, so a problem names the file that has it.
        Keys chain;
        try {
            chain = Keys.builder().pem(p -> p.certChain(Resource.create(cert))).build();
        } catch (RuntimeException e) {
            r.problem("cert", "cannot read a PEM certificate chain from " + cert + ": " + e.getMessage());
            return Optional.empty();
        }
        if (chain.certChain().isEmpty()) {
            r.problem("cert", cert + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
            return Optional.empty();
        }
        Keys privateKey;
        try {
            privateKey = Keys.builder().pem(p -> {
                p.key(Resource.create(key));
                if (password != null) {
                    p.keyPassphrase(password.toCharArray());
                }
            }).build();
        } catch (RuntimeException e) {
            r.problem("key", "cannot read a PEM private key from " + key + ": " + e.getMessage()
                    + (password == null ? " (if it is encrypted, set " + PASSWORD_ENV + ")" : ""));
            return Optional.empty();
        }
        if (privateKey.privateKey().isEmpty()) {
            r.problem("key", key + " holds no PEM private key");
            return Optional.empty();
        }
        return Optional.of(Tls.builder().privateKey(privateKey).privateKeyCertChain(chain).build());
    }

    private static Optional<Tls> fromKeystore(SectionReader r, Path file, Optional<String> configuredAlias, String password) {
        if (!readable(r, "keystore", file)) {
            return Optional.empty();
        }
        if (password == null) {
            r.problem("keystore", PASSWORD_ENV + " is not set; it must hold the password of " + file);
            return Optional.empty();
        }
        String alias = keyAlias(r, file, configuredAlias, password);
        if (alias == null) {
            return Optional.empty();
        }
        Keys keys;
        try {
            keys = Keys.builder().keystore(k -> k.keystore(Resource.create(file)).passphrase(password).keyAlias(alias)).build();
        } catch (RuntimeException e) {
            r.problem("keystore", "cannot read the key '" + alias + "' of " + file + ": " + e.getMessage());
            return Optional.empty();
        }
        if (keys.privateKey().isEmpty() || keys.certChain().isEmpty()) {
            r.problem("keystore", file + " holds no certificate chain for the key '" + alias + "'");
            return Optional.empty();
        }
        return Optional.of(Tls.builder().privateKey(keys).privateKeyCertChain(keys).build());
    }

    /**
     * The alias of the key to serve: {@code key-alias}, or the keystore's one private key. Helidon's own
     * default, {@code 1}, is only what {@code openssl pkcs12 -export} writes; {@code keytool} asks for a name.
     */
    private static String keyAlias(SectionReader r, Path file, Optional<String> configured, String password) {
        var keys = new ArrayList<String>();
        try {
            var store = KeyStore.getInstance(file.toFile(), password.toCharArray());
            for (var alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keys.add(alias);
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            r.problem("keystore", "cannot open " + file + " as PKCS12 with the password in " + PASSWORD_ENV + ": " + e.getMessage());
            return null;
        }
        if (configured.isPresent() && !keys.contains(configured.get())) {
            r.problem("key-alias", "'" + configured.get() + "' is not a private key of " + file
                    + (keys.isEmpty() ? " (it holds none)" : " (it holds " + String.join(", ", keys) + ")"));
            return null;
        }
        if (configured.isEmpty() && keys.size() != 1) {
            r.problem("keystore", file + (keys.isEmpty() ? " holds no private key entry"
                    : " holds " + keys.size() + " private keys (" + String.join(", ", keys) + "); name one in cloudvoter.tls.key-alias"));
            return null;
        }
        return configured.orElse(keys.getFirst());
    }

    private static boolean readable(SectionReader r, String name, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            r.problem(name, file + " does not exist or is not a readable file");
            return false;
        }
        return true;
    }
}
