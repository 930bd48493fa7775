package io.cloudvoter.agent.web;

import io.cloudvoter.agent.config.SectionReader;

import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import io.helidon.common.tls.Tls;
import io.helidon.config.Config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code cloudvoter.tls} section: HTTPS and WSS on the agent's port, from a PEM certificate
 * chain and private key, or from a PKCS12 keystore. Passwords never sit in the config file: the
 * keystore's (or an encrypted PEM key's) comes from {@code CLOUDVOTER_TLS_PASSWORD}. Every problem
 * names its key and the file.
 */
public final class TlsSettings {
    public static final String PASSWORD_ENV = "CLOUDVOTER_TLS_PASSWORD";

    private TlsSettings() {
    }

    /** The server's TLS, or empty when {@code cloudvoter.tls.enabled} is false (the default). */
    public static Optional<Tls> from(Config raw, Function<String, String> env) {
        var r = new SectionReader(raw, "tls");
        if (!r.bool("enabled", false)) {
            r.done();
            return Optional.empty();
        }
        var cert = r.path("cert");
        var key = r.path("key");
        var keystore = r.path("keystore");
        String password = env.apply(PASSWORD_ENV);
        if (keystore.isPresent() == (cert.isPresent() || key.isPresent())) {
            r.problem("enabled", "TLS needs either cert and key (PEM) or keystore (PKCS12), not "
                    + (keystore.isPresent() ? "both" : "neither"));
            r.done();
        }
        Tls tls = null;
        if (keystore.isPresent()) {
            tls = fromKeystore(r, keystore.get(), password);
        } else if (cert.isEmpty() || key.isEmpty()) {
            r.problem(cert.isEmpty() ? "cert" : "key", "missing: PEM needs both cert (the certificate chain) and key");
        } else {
            tls = fromPem(r, cert.get(), key.get(), password);
        }
        r.done();
        return Optional.of(tls);
    }

    private static Tls fromPem(SectionReader r, Path cert, Path key, String password) {
        if (!readable(r, "cert", cert) | !readable(r, "key", key)) {
            return null;
        }
        List<X509Certificate> chain;
        try {
            chain = Keys.builder().pem(p -> p.certChain(Resource.create(cert))).build().certChain();
        } catch (RuntimeException e) {
            r.problem("cert", "cannot read a PEM certificate chain from " + cert + ": " + e.getMessage());
            return null;
        }
        if (chain.isEmpty()) {
            r.problem("cert", cert + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
            return null;
        }
        Optional<PrivateKey> privateKey;
        try {
            privateKey = Keys.builder().pem(p -> {
                p.key(Resource.create(key));
                if (password != null) {
                    p.keyPassphrase(password.toCharArray());
                }
            }).build().privateKey();
        } catch (RuntimeException e) {
            r.problem("key", "cannot read a PEM private key from " + key + ": " + e.getMessage()
                    + (password == null ? " (if it is encrypted, set " + PASSWORD_ENV + ")" : ""));
            return null;
        }
        if (privateKey.isEmpty()) {
            r.problem("key", key + " holds no PEM private key");
            return null;
        }
        return Tls.builder().privateKey(privateKey.get()).privateKeyCertChain(chain).build();
    }

    private static Tls fromKeystore(SectionReader r, Path file, String password) {
        if (!readable(r, "keystore", file)) {
            return null;
        }
        if (password == null) {
            r.problem("keystore", PASSWORD_ENV + " is not set; it must hold the password of " + file);
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            var store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            for (var alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    var key = (PrivateKey) store.getKey(alias, password.toCharArray());
                    var chain = new ArrayList<X509Certificate>();
                    for (Certificate c : store.getCertificateChain(alias)) {
                        chain.add((X509Certificate) c);
                    }
                    return Tls.builder().privateKey(key).privateKeyCertChain(chain).build();
                }
            }
            r.problem("keystore", file + " holds no private key entry");
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            r.problem("keystore", "cannot open " + file + " as PKCS12 with the password in " + PASSWORD_ENV + ": " + e.getMessage());
        }
        return null;
    }

    private static boolean readable(SectionReader r, String name, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            r.problem(name, file + " does not exist or is not a readable file");
            return false;
        }
        return true;
    }
}
