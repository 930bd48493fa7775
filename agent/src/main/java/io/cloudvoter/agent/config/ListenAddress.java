package io.cloudvoter.agent.config;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.util.Optional;

/**
 * Where the agent listens ({@code cloudvoter.bind}, {@code cloudvoter.port}), checked before anything
 * else happens: an address this machine does not have is a config error naming the key, and a port
 * another program holds stops the start (exit 1) before a database is opened, a browser launched or
 * a demo run sent to whoever holds the port. Helidon itself only logs a failed bind and carries on.
 */
public final class ListenAddress {
    private ListenAddress() {
    }

    /** Why {@code bind} cannot be listened on, or empty. Literal addresses and names of this machine only. */
    public static Optional<String> problem(String bind) {
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException | SecurityException e) {
            return Optional.of("is not an address or a known host name (e.g. 127.0.0.1, ::1 or 0.0.0.0)");
        }
        try {
            if (address.isAnyLocalAddress() || address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null) {
                return Optional.empty();
            }
        } catch (SocketException e) {
            return Optional.of("cannot be checked against this machine's addresses: " + e.getMessage());
        }
        return Optional.of("(" + address.getHostAddress() + ") is not an address of this machine");
    }

    /**
     * Binds {@code bind:port} for a moment, the way the web server will, and lets go.
     *
     * @throws IllegalStateException naming the address and why it cannot be listened on
     */
    public static void claim(String bind, int port) {
        try (var channel = ServerSocketChannel.open()) {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(InetAddress.getByName(bind), port));
        } catch (BindException e) {
            throw unusable(bind, port, e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + where(bind, port) + ": " + e.getMessage(), e);
        }
    }

    /** The answer when the port was taken after {@link #claim} (another program was quicker). */
    public static IllegalStateException inUse(String bind, int port) {
        return new IllegalStateException("cannot listen on " + where(bind, port)
                + ": the port is in use (another CloudVoter agent, or another program: stop it, or set CLOUDVOTER_PORT)");
    }

    private static IllegalStateException unusable(String bind, int port, BindException e) {
        var m = String.valueOf(e.getMessage());
        if (m.contains("in use")) {
            return inUse(bind, port);
        }
        if (m.contains("ermission")) {
            return new IllegalStateException("cannot listen on " + where(bind, port)
                    + ": permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE; set CLOUDVOTER_PORT)", e);
        }
        return new IllegalStateException("cannot listen on " + where(bind, port) + ": " + m, e);
    }

    private static String where(String bind, int port) {
        return (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + port;
    }
}
