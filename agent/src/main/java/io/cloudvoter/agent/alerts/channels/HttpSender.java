package io.cloudvoter.agent.alerts.channels;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP POST with a hard time bound: the connect, the request and the whole answer each within
 * the channel's timeout, the exchange cancelled if the receiver still has not finished. No redirect
 * is followed (a webhook that moves should be reconfigured, and a redirect could carry the body elsewhere).
 */
final class HttpSender implements AutoCloseable {
    private static final int SNIPPET = 200;

    private final HttpClient client;
    private final Duration timeout;

    HttpSender(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    void post(URI url, Map<String, String> headers, byte[] body) throws DeliveryFailure, InterruptedException {
        var request = HttpRequest.newBuilder(url).timeout(timeout).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        var future = client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> response;
        try {
            response = future.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new DeliveryFailure("no answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw new DeliveryFailure(describe(e.getCause()));
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            String said = response.body() == null ? "" : response.body().strip().replaceAll("\\s+", " ");
            throw new DeliveryFailure("HTTP " + status + (said.isEmpty() ? "" : ": "
                    + (said.length() > SNIPPET ? said.substring(0, SNIPPET) + "…" : said)));
        }
    }

    private String describe(Throwable t) {
        if (t instanceof HttpConnectTimeoutException) {
            return "could not connect within " + timeout.toMillis() + " ms";
        }
        if (t instanceof HttpTimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        if (t instanceof ConnectException) {
            return "connection refused";
        }
        if (t instanceof UnresolvedAddressException || t.getCause() instanceof UnresolvedAddressException) {
            return "unknown host";
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
