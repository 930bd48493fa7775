package io.cloudvoter.agent.alerts.channels;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * The generic webhook: the notification's JSON as the body, {@code X-CloudVoter-Delivery} (the
 * idempotency key) and {@code X-CloudVoter-Event}, and, when a secret is set,
 * {@code X-CloudVoter-Signature: sha256=<hex HMAC-SHA256 of the body>} so the receiver can tell the
 * agent sent it.
 */
public final class WebhookChannel extends HttpChannel {
    public static final String DELIVERY_HEADER = "X-CloudVoter-Delivery";
    public static final String EVENT_HEADER = "X-CloudVoter-Event";
    public static final String SIGNATURE_HEADER = "X-CloudVoter-Signature";

    private final byte[] secret;

    public WebhookChannel(String name, URI url, String secret, Duration timeout, String userAgent) {
        super(name, url, timeout, userAgent);
        this.secret = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void send(String payload, Notification n) throws DeliveryFailure, InterruptedException {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        var headers = headers("application/json", n);
        headers.put(EVENT_HEADER, n.event());
        if (secret != null) {
            headers.put(SIGNATURE_HEADER, "sha256=" + sign(secret, body));
        }
        http.post(url, Map.copyOf(headers), body);
    }

    /** The hex HMAC-SHA256 of {@code body} under {@code key}: what a receiver computes to check the signature. */
    public static String sign(byte[] key, byte[] body) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
