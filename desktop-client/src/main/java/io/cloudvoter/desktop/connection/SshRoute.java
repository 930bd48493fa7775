package io.cloudvoter.desktop.connection;

import java.util.regex.Pattern;

/**
 * How a profile reaches its agent over SSH: {@code target} is {@code user@host[:port]} or a Host alias
 * of {@code ~/.ssh/config} (whose HostName, User, Port and IdentityFile then count); the key is a file
 * (with its passphrase, kept in the profile like the token) and/or the running ssh-agent. The profile's
 * URL is then the agent's address as the droplet sees it (by default {@code http://127.0.0.1:8077}).
 * {@link #toString()} never shows the passphrase.
 */
public record SshRoute(String target, String keyFile, String keyPassphrase, boolean useAgent) {
    private static final Pattern TARGET = Pattern.compile("(?:([^@\\s:/]+)@)?(\\[[0-9a-fA-F:.]+]|[^@\\s:/\\[\\]]+)(?::(\\d{1,5}))?");

    public SshRoute {
        target = target == null ? "" : target.strip();
        keyFile = keyFile == null || keyFile.isBlank() ? null : keyFile.strip();
        keyPassphrase = keyPassphrase == null || keyPassphrase.isEmpty() ? null : keyPassphrase;
        if (target.isEmpty()) {
            throw new IllegalArgumentException("via SSH: empty (write user@host, user@host:2222, or a Host of ~/.ssh/config)");
        }
        var m = TARGET.matcher(target);
        if (!m.matches()) {
            throw new IllegalArgumentException("via SSH: '" + target + "' is not user@host[:port] or a Host alias");
        }
        if (m.group(3) != null) {
            int port = Integer.parseInt(m.group(3));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("via SSH: port " + port + " is out of range 1..65535");
            }
        }
    }

    /** The user before '@', or null (then ~/.ssh/config's User, else the local user name). */
    public String user() {
        var m = TARGET.matcher(target);
        return m.matches() ? m.group(1) : null;
    }

    /** The host (or Host alias), without brackets. */
    public String host() {
        var m = TARGET.matcher(target);
        String h = m.matches() ? m.group(2) : target;
        return h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
    }

    /** The port given, or 0 when none was (then ~/.ssh/config's Port, else 22). */
    public int port() {
        var m = TARGET.matcher(target);
        return m.matches() && m.group(3) != null ? Integer.parseInt(m.group(3)) : 0;
    }

    @Override
    public String toString() {
        return "SshRoute[" + target + (keyFile == null ? "" : ", key " + keyFile) + (keyPassphrase == null ? "" : ", passphrase=***")
                + (useAgent ? ", ssh-agent" : "") + "]";
    }
}
