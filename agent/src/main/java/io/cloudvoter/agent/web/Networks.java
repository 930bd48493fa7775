package io.cloudvoter.agent.web;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Which network an address guesses from: one person easily holds a whole IPv4 /24 or IPv6 /64 (one
 * machine's 127.0.0.0/8 loopback, a home router's IPv6 prefix), so the token throttle counts by
 * network, not by exact address. Every loopback address is one network.
 */
final class Networks {
    static final String LOOPBACK = "loopback";

    private Networks() {
    }

    /** {@code 203.0.113.0/24}, {@code 2001:db8:1:2::/64}, {@code loopback}, or the text itself when it is no address. */
    static String of(String address) {
        if (address == null || address.isBlank()) {
            return "unknown";
        }
        var literal = address.strip();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        int scope = literal.indexOf('%');
        if (scope >= 0) {
            literal = literal.substring(0, scope);
        }
        if (!literal.matches("[0-9A-Fa-f.:]+")) {
            return literal; // not an IP literal: never resolve names here
        }
        InetAddress ip;
        try {
            ip = InetAddress.getByName(literal); // a literal: parsed, no lookup
        } catch (UnknownHostException | SecurityException e) {
            return literal;
        }
        if (ip.isLoopbackAddress()) {
            return LOOPBACK;
        }
        byte[] bytes = ip.getAddress();
        if (ip instanceof Inet6Address && isMappedV4(bytes)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
            if ((bytes[0] & 0xFF) == 127) {
                return LOOPBACK;
            }
        }
        if (bytes.length == 4 || ip instanceof Inet4Address) {
            return (bytes[0] & 0xFF) + "." + (bytes[1] & 0xFF) + "." + (bytes[2] & 0xFF) + ".0/24";
        }
        var sb = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            sb.append(Integer.toHexString(((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF))).append(':');
        }
        return sb.append(":/64").toString();
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
    }
}
