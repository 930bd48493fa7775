package io.cloudvoter.agent.alerts.channels;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * E-mail over SMTP (Eclipse Angus Mail): one plain-text message per notification, to every
 * recipient at once. The delivery id is the message's {@code Message-ID} (and an
 * {@code X-CloudVoter-Delivery} header), so a mail system can tell a retry from a new alert.
 * Every socket operation is bounded by the channel's timeout.
 */
public final class EmailChannel implements Channel {
    /** How the connection is protected: STARTTLS upgrade (587), TLS from the start (465), or none (25, local relays). */
    public enum Security { NONE, STARTTLS, SSL }

    /** The SMTP server and the envelope; the password is only handed to the transport. */
    public record Server(String host, int port, Security security, String username, String password,
                         String from, List<String> to) {
        @Override
        public String toString() {
            return "Server[" + host + ":" + port + ", " + security + "]";
        }
    }

    private final String name;
    private final Server server;
    private final Session session;

    public EmailChannel(String name, Server server, Duration timeout) {
        this.name = name;
        this.server = server;
        var props = new Properties();
        props.put("mail.smtp.host", server.host());
        props.put("mail.smtp.port", Integer.toString(server.port()));
        props.put("mail.smtp.connectiontimeout", Long.toString(timeout.toMillis()));
        props.put("mail.smtp.timeout", Long.toString(timeout.toMillis()));
        props.put("mail.smtp.writetimeout", Long.toString(timeout.toMillis()));
        props.put("mail.smtp.auth", Boolean.toString(server.username() != null));
        switch (server.security()) {
            case STARTTLS -> {
                props.put("mail.smtp.starttls.enable", "true");
                props.put("mail.smtp.starttls.required", "true");
                props.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case SSL -> {
                props.put("mail.smtp.ssl.enable", "true");
                props.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case NONE -> {
            }
        }
        this.session = Session.getInstance(props);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(String payload, Notification n) throws DeliveryFailure {
        try {
            var message = new MimeMessage(session) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", "<" + n.delivery() + "@cloudvoter>");
                }
            };
            message.setFrom(new InternetAddress(server.from()));
            message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(String.join(",", server.to())));
            message.setSubject(n.title(), "UTF-8");
            message.setText(n.text() + "\n\nalert key: " + n.key() + "\ndelivery: " + n.delivery() + "\n", "UTF-8");
            message.setHeader(WebhookChannel.DELIVERY_HEADER, n.delivery());
            message.setSentDate(Date.from(n.time()));
            if (server.username() != null) {
                Transport.send(message, server.username(), server.password());
            } else {
                Transport.send(message);
            }
        } catch (MessagingException e) {
            throw new DeliveryFailure("SMTP " + server.host() + ":" + server.port() + ": " + firstLine(e));
        }
    }

    private static String firstLine(Throwable e) {
        var t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        var cause = t.getCause() == null || t.getCause().getMessage() == null ? "" : " (" + t.getCause().getMessage() + ")";
        return (m + cause).lines().findFirst().orElse(m);
    }

    @Override
    public void close() {
    }
}
