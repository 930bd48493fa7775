package io.cloudvoter.agent.alerts;

import io.cloudvoter.agent.alerts.channels.EmailChannel;
import io.cloudvoter.agent.config.SectionReader;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reads an {@code email} channel's SMTP settings. */
final class EmailReader {
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>,]+@[^@\\s<>,]+");

    private EmailReader() {
    }

    static EmailChannel.Server read(SectionReader c) {
        boolean ok = true;
        var host = c.text("host");
        if (host.isEmpty()) {
            c.problem("host", "missing (the SMTP server, e.g. smtp.example.org)");
            ok = false;
        }
        var security = EmailChannel.Security.STARTTLS;
        var securityText = c.text("security").orElse("starttls");
        try {
            security = EmailChannel.Security.valueOf(securityText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            c.problem("security", "'" + securityText + "' is not one of starttls, ssl, none");
            ok = false;
        }
        int defaultPort = switch (security) {
            case SSL -> 465;
            case STARTTLS -> 587;
            case NONE -> 25;
        };
        int port = c.integer("port", defaultPort, 1, 65535);
        var from = c.text("from").orElse("");
        if (!ADDRESS.matcher(from).matches()) {
            c.problem("from", from.isEmpty() ? "missing (the sender address)" : "'" + from + "' is not an e-mail address");
            ok = false;
        }
        List<String> to = c.list("to");
        if (to.isEmpty()) {
            c.problem("to", "missing (one or more recipient addresses)");
            ok = false;
        }
        for (var address : to) {
            if (!ADDRESS.matcher(address).matches()) {
                c.problem("to", "'" + address + "' is not an e-mail address");
                ok = false;
            }
        }
        String username = c.text("username").orElse(null);
        String password = ChannelSettings.secret(c, "password");
        if (password != null && username == null) {
            c.problem("username", "missing (a password is set, so the server needs a user name too)");
            ok = false;
        }
        return ok ? new EmailChannel.Server(host.get(), port, security, username, password, from, List.copyOf(to)) : null;
    }
}
