package io.cloudvoter.agent;

import io.cloudvoter.agent.web.TokenStore;
import io.cloudvoter.model.Json;
import io.cloudvoter.model.api.RotatedToken;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * {@code ./cloudvoter token rotate}: a new token for the agent of this data dir. When that agent
 * runs (it holds the data dir lock), the rotation goes through its API, so it takes effect at once
 * and open streams are told; when it is stopped, the token file is rewritten and the next start
 * uses it. Exit codes: 0 done, 1 the running agent could not be reached, 2 refused.
 */
public final class TokenCommand {
    private TokenCommand() {
    }

    public static void main(String[] args) {
        if (args.length != 1 || !args[0].equals("rotate")) {
            System.err.println("usage: TokenCommand rotate   (the data dir comes from CLOUDVOTER_DATA_DIR, default ./data)");
            System.exit(2);
        }
        var dataDir = Path.of(Optional.ofNullable(System.getenv("CLOUDVOTER_DATA_DIR")).orElse("data")).toAbsolutePath();
        System.exit(rotate(dataDir, System.getenv(), System.out, System.err));
    }

    /** Rotates and prints the new token on {@code out}; messages go to {@code err}. */
    static int rotate(Path dataDir, Map<String, String> env, PrintStream out, PrintStream err) {
        if (env.get("CLOUDVOTER_TOKEN") != null && !env.get("CLOUDVOTER_TOKEN").isBlank()) {
            err.println("cloudvoter: the token comes from CLOUDVOTER_TOKEN; change it there and restart the agent");
            return 2;
        }
        var tokenFile = dataDir.resolve("token");
        var lock = DataDirLock.tryAcquire(dataDir);
        if (lock.isPresent()) {
            try (var held = lock.get()) {
                String fresh = new TokenStore(tokenFile, Optional.empty()).rotate();
                out.println(fresh);
                err.println("cloudvoter: the agent is not running; wrote a new token to " + tokenFile
                        + " (it takes effect at the next start)");
                return 0;
            }
        }
        return rotateThroughApi(dataDir, tokenFile, out, err);
    }

    private static int rotateThroughApi(Path dataDir, Path tokenFile, PrintStream out, PrintStream err) {
        var url = AgentAddress.read(dataDir);
        if (url.isEmpty()) {
            err.println("cloudvoter: an agent is running on " + dataDir + " but left no " + AgentAddress.FILE
                    + "; rotate with POST /api/token/rotate, or stop the agent and run this again");
            return 1;
        }
        try {
            String current = Files.readString(tokenFile).strip();
            var request = HttpRequest.newBuilder(URI.create(url.get() + "/api/token/rotate"))
                    .timeout(Duration.ofSeconds(15))
                    .header("Authorization", "Bearer " + current)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build();
            var response = client(URI.create(url.get())).send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                err.println("cloudvoter: the agent at " + url.get() + " refused the rotation (" + response.statusCode()
                        + "): " + response.body());
                return response.statusCode() == 409 ? 2 : 1;
            }
            out.println(Json.mapper().readValue(response.body(), RotatedToken.class).token());
            err.println("cloudvoter: rotated by the running agent; the old token no longer works");
            return 0;
        } catch (IOException e) {
            err.println("cloudvoter: the agent on " + dataDir + " runs but did not answer at " + url.get() + ": " + e
                    + "; the token was not changed");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /**
     * The agent is on this machine, so its own (often self-signed) certificate is accepted without
     * checks: the connection never leaves the host. Any other address is verified as usual.
     */
    static HttpClient client(URI url) throws IOException {
        var b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if ("https".equals(url.getScheme()) && isThisMachine(url.getHost())) {
            System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
            try {
                var trustAll = new X509TrustManager() {
                    @Override
                    public void checkClientTrusted(X509Certificate[] chain, String authType) {
                    }

                    @Override
                    public void checkServerTrusted(X509Certificate[] chain, String authType) {
                    }

                    @Override
                    public X509Certificate[] getAcceptedIssuers() {
                        return new X509Certificate[0];
                    }
                };
                var context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[]{trustAll}, new SecureRandom());
                b.sslContext(context);
            } catch (java.security.GeneralSecurityException e) {
                throw new IOException("cannot set up TLS", e);
            }
        }
        return b.build();
    }

    private static boolean isThisMachine(String host) throws IOException {
        var address = InetAddress.getByName(host.replace("[", "").replace("]", ""));
        return address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null;
    }
}
