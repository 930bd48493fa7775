package io.cloudvoter.agent.alerts;

import io.cloudvoter.agent.alerts.channels.EmailChannel;
import io.cloudvoter.agent.config.SectionReader;
import io.cloudvoter.model.api.AlertSeverity;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One notification channel from {@code cloudvoter.alerts.channels} (or {@code CLOUDVOTER_ALERT_WEBHOOK}).
 * Its secrets (the webhook secret, the ntfy token, the SMTP password, and the URL itself, whose path
 * often is the token) are never printed: {@link #toString()} leaves them out and {@link #secrets()}
 * lists them for masking.
 *
 * @param url    webhook, Slack, Discord and ntfy (the topic's URL)
 * @param secret HMAC key of the generic webhook's {@code X-CloudVoter-Signature}; ntfy's access token
 * @param email  SMTP settings, for {@code email} only
 */
record ChannelSettings(String name, Type type, URI url, String secret, Set<AlertSeverity> severities, Duration timeout,
                       EmailChannel.Server email) {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** The channel {@code CLOUDVOTER_ALERT_WEBHOOK} adds. */
    static final String ENV_NAME = "webhook";

    enum Type {
        WEBHOOK, SLACK, DISCORD, NTFY, EMAIL;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    boolean takes(AlertSeverity severity) {
        return severities.contains(severity);
    }

    /** Where it sends, without anything secret: the URL's scheme, host and port; the mail server and recipients. */
    String target() {
        if (type == Type.EMAIL) {
            return "smtp://" + email.host() + ":" + email.port() + " → " + String.join(", ", email.to());
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() || url.getRawPath().equals("/") ? "" : "/…";
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + path;
    }

    /** Every text of this channel that must never show: the whole URL, its path, query and user info, the secrets. */
    List<String> secrets() {
        var all = new ArrayList<String>();
        if (url != null) {
            all.add(url.toString());
            if (url.getRawPath() != null && url.getRawPath().length() > 1) {
                all.add(url.getRawPath());
                all.add(url.getPath());
            }
            Optional.ofNullable(url.getRawQuery()).ifPresent(all::add);
            Optional.ofNullable(url.getRawUserInfo()).ifPresent(all::add);
        }
        Optional.ofNullable(secret).ifPresent(all::add);
        if (email != null) {
            Optional.ofNullable(email.password()).ifPresent(all::add);
        }
        return all;
    }

    @Override
    public String toString() {
        return "Channel[" + name + ", " + type.key() + ", " + target() + ", " + severities + "]";
    }

    /** The channel {@code CLOUDVOTER_ALERT_WEBHOOK} (and {@code CLOUDVOTER_ALERT_WEBHOOK_SECRET}) describe, if set. */
    static Optional<ChannelSettings> fromEnvironment(SectionReader alerts) {
        String url = env(alerts, "CLOUDVOTER_ALERT_WEBHOOK");
        String secret = env(alerts, "CLOUDVOTER_ALERT_WEBHOOK_SECRET");
        if (url.isEmpty()) {
            if (!secret.isEmpty()) {
                alerts.report("CLOUDVOTER_ALERT_WEBHOOK_SECRET: set without CLOUDVOTER_ALERT_WEBHOOK (the URL to send alerts to)");
            }
            return Optional.empty();
        }
        var uri = httpUrl(url);
        if (uri == null) {
            alerts.report("CLOUDVOTER_ALERT_WEBHOOK: not an absolute http:// or https:// URL");
            return Optional.empty();
        }
        return Optional.of(new ChannelSettings(ENV_NAME, Type.WEBHOOK, uri, secret.isEmpty() ? null : secret,
                EnumSet.allOf(AlertSeverity.class), DEFAULT_TIMEOUT, null));
    }

    /** Reads one entry of {@code cloudvoter.alerts.channels}; null (with problems noted) when it is wrong. */
    static ChannelSettings read(SectionReader c) {
        String name = c.text("name").orElse("");
        boolean ok = true;
        if (!NAME.matcher(name).matches()) {
            c.problem("name", name.isEmpty() ? "missing (a short name such as ops or phone)"
                    : "'" + name + "' is not a valid name (letters, digits, '.', '_', '-'; at most 32)");
            ok = false;
        }
        Type type = null;
        var typeText = c.text("type").orElse("");
        for (var t : Type.values()) {
            if (t.key().equalsIgnoreCase(typeText)) {
                type = t;
            }
        }
        if (type == null) {
            c.problem("type", (typeText.isEmpty() ? "missing" : "'" + typeText + "' is not a channel type")
                    + " (write webhook, slack, discord, ntfy or email)");
            c.skipUnknownKeys();
            return null;
        }
        var severities = severities(c);
        var timeout = c.duration("timeout", DEFAULT_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(2));
        String secret = secret(c, type == Type.NTFY ? "token" : "secret");
        URI url = null;
        EmailChannel.Server email = null;
        if (type == Type.EMAIL) {
            email = EmailReader.read(c);
            ok &= email != null;
        } else {
            String text = secret(c, "url");
            url = text == null ? null : httpUrl(text);
            if (url == null) {
                c.problem("url", text == null ? "missing (where to send, e.g. https://hooks.example.org/…)"
                        : "not an absolute http:// or https:// URL");
                ok = false;
            }
        }
        return ok ? new ChannelSettings(name, type, url, secret, severities, timeout, email) : null;
    }

    /** {@code key}, or its value from the environment variable named by {@code key-env}, so no secret need be in a file. */
    static String secret(SectionReader c, String key) {
        var direct = c.text(key);
        var fromEnv = c.text(key + "-env");
        if (fromEnv.isPresent()) {
            String value = env(c, fromEnv.get());
            if (value.isEmpty()) {
                c.problem(key + "-env", "the environment variable " + fromEnv.get() + " is not set");
                return null;
            }
            return value;
        }
        return direct.orElse(null);
    }

    private static String env(SectionReader reader, String name) {
        var value = reader.envValue(name);
        return value == null ? "" : value.trim();
    }

    private static Set<AlertSeverity> severities(SectionReader c) {
        var names = c.list("severities");
        if (names.isEmpty()) {
            return EnumSet.allOf(AlertSeverity.class);
        }
        var set = EnumSet.noneOf(AlertSeverity.class);
        for (var n : names) {
            try {
                set.add(AlertSeverity.valueOf(n.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                c.problem("severities", "'" + n + "' is not a severity (write info, warning or critical)");
            }
        }
        return set;
    }

    private static URI httpUrl(String text) {
        try {
            var uri = URI.create(text.trim());
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            return http && uri.getHost() != null ? uri : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
