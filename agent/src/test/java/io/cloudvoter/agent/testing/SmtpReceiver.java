package io.cloudvoter.agent.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small SMTP server on a free port, the test's own: it speaks enough of RFC 5321 (EHLO, AUTH
 * PLAIN, MAIL, RCPT, DATA, QUIT) for a real mail client to hand it a message, and keeps what it got.
 */
public final class SmtpReceiver implements AutoCloseable {
    /** One message: the envelope, the credentials it was sent with, and the raw message. */
    public record Mail(String from, List<String> to, String user, String password, String data) {
        public String header(String name) {
            for (var line : data.split("\r\n")) {
                if (line.isEmpty()) {
                    break;
                }
                if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                    return line.substring(name.length() + 1).trim();
                }
            }
            return null;
        }
    }

    private final ServerSocket server;
    private final List<Mail> mails = new CopyOnWriteArrayList<>();

    public SmtpReceiver() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofPlatform().daemon().name("smtp-receiver").start(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    public List<Mail> mails() {
        return List.copyOf(mails);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                var socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
             var out = socket.getOutputStream()) {
            socket.setSoTimeout(30_000);
            say(out, "220 localhost test SMTP");
            String from = null;
            String user = null;
            String password = null;
            var to = new CopyOnWriteArrayList<String>();
            String line;
            while ((line = in.readLine()) != null) {
                String upper = line.toUpperCase();
                if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
                    say(out, "250-localhost\r\n250-AUTH PLAIN\r\n250 8BITMIME");
                } else if (upper.startsWith("AUTH PLAIN")) {
                    String encoded = line.length() > 11 ? line.substring(11).trim() : "";
                    if (encoded.isEmpty()) {
                        say(out, "334 ");
                        encoded = in.readLine();
                    }
                    var parts = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8).split("\0");
                    user = parts.length > 1 ? parts[1] : null;
                    password = parts.length > 2 ? parts[2] : null;
                    say(out, "235 2.7.0 accepted");
                } else if (upper.startsWith("MAIL FROM:")) {
                    from = address(line);
                    say(out, "250 ok");
                } else if (upper.startsWith("RCPT TO:")) {
                    to.add(address(line));
                    say(out, "250 ok");
                } else if (upper.equals("DATA")) {
                    say(out, "354 go on");
                    var data = new StringBuilder();
                    String d;
                    while ((d = in.readLine()) != null && !d.equals(".")) {
                        data.append(d.startsWith("..") ? d.substring(1) : d).append("\r\n");
                    }
                    mails.add(new Mail(from, List.copyOf(to), user, password, data.toString()));
                    to.clear();
                    say(out, "250 queued");
                } else if (upper.equals("QUIT")) {
                    say(out, "221 bye");
                    return;
                } else if (upper.equals("RSET") || upper.equals("NOOP")) {
                    say(out, "250 ok");
                } else {
                    say(out, "502 not here");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String address(String line) {
        int lt = line.indexOf('<');
        int gt = line.indexOf('>');
        return lt >= 0 && gt > lt ? line.substring(lt + 1, gt) : line.substring(line.indexOf(':') + 1).trim();
    }

    private static void say(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
    }
}
