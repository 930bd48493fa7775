package io.cloudvoter.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Hands out ports for the agents under test: from a given range (cycling, skipping busy ones) or any free one. */
public final class Ports {
    private final int from;
    private final int to;
    private int next;

    private Ports(int from, int to) {
        this.from = from;
        this.to = to;
        this.next = from;
    }

    public static Ports any() {
        return new Ports(0, 0);
    }

    /** {@code 8104-8120}. */
    public static Ports parse(String range) {
        var parts = range.split("-");
        try {
            int a = Integer.parseInt(parts[0].trim());
            int b = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : a;
            if (a < 1 || b > 65535 || a > b) {
                throw new IllegalArgumentException("--ports: '" + range + "' is not a range like 8104-8120");
            }
            return new Ports(a, b);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--ports: '" + range + "' is not a range like 8104-8120");
        }
    }

    public synchronized int next() {
        if (from == 0) {
            return bindable(0);
        }
        for (int tries = 0; tries <= to - from; tries++) {
            int port = next;
            next = next >= to ? from : next + 1;
            if (bindable(port) > 0) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + from + "-" + to);
    }

    private static int bindable(int port) {
        try (var s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            if (port == 0) {
                throw new UncheckedIOException("no free port", e);
            }
            return -1;
        }
    }
}
