package io.cloudvoter.agent.web;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.config.ConfigException;
import io.cloudvoter.agent.config.ConfigLoader;
import io.cloudvoter.agent.testing.LiveAgents;
import io.cloudvoter.agent.testing.TestAgents;
import io.cloudvoter.agent.testing.WsTestClient;
import io.cloudvoter.model.events.Snapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.helidon.common.tls.Tls;
import io.helidon.webserver.WebServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HTTPS and WSS from a self-signed certificate made here with the JDK's keytool. */
class TlsTest {
    static final String PASSWORD = "tls-test-password";
    @TempDir
    static Path dir;
    static Path p12;
    static Path certPem;
    static Path keyPem;
    static HttpClient trusting;
    static SSLContext trustingContext;

    @BeforeAll
    static void makeCertificate() throws Exception {
        p12 = dir.resolve("agent.p12");
        var keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        // keytool is a JVM of its own: C1 and the serial collector, as for the tests' other child JVMs (1.0–1.2 → 0.5 s of CPU)
        var process = new ProcessBuilder(keytool, "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-genkeypair", "-alias", "agent", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        var store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, PASSWORD.toCharArray());
        }
        var cert = (X509Certificate) store.getCertificate("agent");
        var key = (PrivateKey) store.getKey("agent", PASSWORD.toCharArray());
        certPem = dir.resolve("cert.pem");
        keyPem = dir.resolve("key.pem");
        Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));

        var trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("agent", cert);
        var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        var context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        trusting = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
        trustingContext = context;
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The server's TLS as one pass of the config reads it from this {@code tls:} section and environment. */
    static Optional<Tls> tls(String yaml, Map<String, String> env) throws IOException {
        var file = Files.createTempFile(dir, "tls", ".yaml");
        Files.writeString(file, "cloudvoter:\n  tls:\n" + yaml);
        var all = new HashMap<>(env);
        all.put("CLOUDVOTER_DATA_DIR", dir.resolve("unused").toString());
        return ConfigLoader.load(file, all).sections().tls();
    }

    static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAgentWithAPemCertificateAnswersHttpsAndWssOnly() throws Exception {
        try (var agent = LiveAgents.startWebOnly(dir.resolve("pem-agent"), """
                  tls:
                    enabled: true
                    cert: %s
                    key: %s
                """.formatted(certPem, keyPem), Map.of(), Map.of())) {
            assertThat(agent.baseUrl()).startsWith("https://");
            assertThat(get(trusting, agent.baseUrl() + "/api/health/live").statusCode()).isEqualTo(200);
            try (var client = WsTestClient.to(agent.baseUrl()).token(TestAgents.TOKEN).tls(trustingContext).open()) {
                assertThat(client.next()).isInstanceOf(Snapshot.class);
            }
            String plain = agent.baseUrl().replace("https://", "http://");
            assertThatThrownBy(() -> get(HttpClient.newHttpClient(), plain + "/api/health/live"))
                    .as("plain HTTP is not served on a TLS port").isInstanceOf(IOException.class);
        }
    }

    @Test
    void aPkcs12KeystoreTakesItsPasswordFromTheEnvironment() throws Exception {
        var tls = tls("    enabled: true\n    keystore: " + p12 + "\n", Map.of(TlsSettings.PASSWORD_ENV, PASSWORD));
        assertThat(tls).isPresent();
        assertThat(tls("    enabled: true\n    keystore: " + p12 + "\n    key-alias: agent\n", Map.of(TlsSettings.PASSWORD_ENV, PASSWORD)))
                .as("the key named by key-alias").isPresent();
        var server = WebServer.builder().host("127.0.0.1").port(0).tls(tls.get())
                .routing(r -> r.get("/", (req, res) -> res.send("over tls"))).build().start();
        try {
            var answer = get(trusting, "https://127.0.0.1:" + server.port() + "/");
            assertThat(answer.body()).isEqualTo("over tls");
        } finally {
            server.stop();
        }
    }

    @Test
    void tlsMistakesStopTheStartNamingTheKeyAndTheReason() throws IOException {
        Map<String, String> none = Map.of();
        record Case(String yaml, Map<String, String> env, List<String> says) {
        }
        var cases = List.of(
                new Case("    enabled: true\n    keystore: " + p12 + "\n", Map.of(TlsSettings.PASSWORD_ENV, "wrong-password"),
                        List.of("cloudvoter.tls.keystore", "cannot open", TlsSettings.PASSWORD_ENV)),
                new Case("    enabled: true\n    keystore: " + p12 + "\n", none,
                        List.of("cloudvoter.tls.keystore", TlsSettings.PASSWORD_ENV + " is not set")),
                new Case("    enabled: true\n    keystore: " + p12 + "\n    key-alias: other\n", Map.of(TlsSettings.PASSWORD_ENV, PASSWORD),
                        List.of("cloudvoter.tls.key-alias: 'other' is not a private key of " + p12 + " (it holds agent)")),
                new Case("    enabled: true\n    cert: " + dir.resolve("missing.pem") + "\n    key: " + keyPem + "\n", none,
                        List.of("cloudvoter.tls.cert", "missing.pem does not exist")),
                new Case("    enabled: true\n    cert: " + keyPem + "\n    key: " + keyPem + "\n", none,
                        List.of("cloudvoter.tls.cert", "cannot read a PEM certificate chain from " + keyPem)),
                new Case("    enabled: true\n    cert: " + certPem + "\n", none, List.of("cloudvoter.tls.key", "missing")),
                new Case("    enabled: true\n", none, List.of("cloudvoter.tls.enabled", "neither")),
                new Case("    enabled: true\n    cert: " + certPem + "\n    key: " + keyPem + "\n    keystore: " + p12 + "\n", none,
                        List.of("cloudvoter.tls.enabled", "both")),
                new Case("    enabled: maybe\n", none, List.of("cloudvoter.tls.enabled", "'maybe' is not true or false")));
        for (var c : cases) {
            assertThatThrownBy(() -> tls(c.yaml(), c.env())).as(c.yaml())
                    .isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(e.getMessage()).contains(c.says()));
        }
        assertThat(tls("    enabled: false\n    cert: /nowhere\n", none)).isEmpty();
    }

    @Test
    void aBadTlsSectionStopsTheAgentBeforeItTakesTheDataDir() {
        var data = dir.resolve("bad-tls-agent");
        assertThatThrownBy(() -> LiveAgents.startWebOnly(data, "  tls:\n    enabled: true\n", Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cloudvoter.tls");
        try (Agent agent = LiveAgents.startWebOnly(data, "", Map.of(), Map.of())) {
            assertThat(agent.baseUrl()).startsWith("http://");
        }
    }
}
