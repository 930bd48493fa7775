package io.cloudvoter.agent.node;

import io.cloudvoter.agent.browser.BrowserSettings;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a browser node needs to start: where it listens, which Chromium it runs and which folder it
 * keeps its files in. From the command line first, then the environment, then the defaults.
 *
 * @param bind     an IP address of this machine: loopback (reached over an SSH tunnel) or a private
 *                 network address (behind a firewall open to the agent only); never a wildcard or a
 *                 public address, because Playwright's server has no authentication of its own
 * @param port     1..65535, or 0 for a port the OS picks (the endpoint file then tells it)
 * @param chromium the Chromium build the server launches (Debian's headless shell by default)
 * @param dir      the node's own folder: endpoint, endpoint path, launch config, driver copy, temp files
 */
public record NodeSettings(InetAddress bind, int port, Path chromium, Path dir) {
    public static final int DEFAULT_PORT = 3000;
    static final String USAGE = "usage: browser-node [--port 3000] [--bind 127.0.0.1] [--dir FOLDER]";

    /** A wrong argument or setting: the message names it and says why. */
    public static final class Invalid extends RuntimeException {
        Invalid(List<String> problems) {
            super(String.join("\n", problems));
        }
    }

    public static NodeSettings parse(String[] args, Map<String, String> env) {
        var given = new java.util.HashMap<String, String>();
        var problems = new ArrayList<String>();
        for (int i = 0; i < args.length; i++) {
            var name = args[i];
            switch (name) {
                case "--port", "--bind", "--dir" -> {
                    if (i + 1 >= args.length) {
                        problems.add(name + " needs a value (" + USAGE + ")");
                    } else {
                        given.put(name, args[++i]);
                    }
                }
                default -> problems.add("unknown argument '" + name + "' (" + USAGE + ")");
            }
        }
        var portText = setting(given, "--port", env, "CLOUDVOTER_NODE_PORT").orElse(Integer.toString(DEFAULT_PORT));
        int port = port(portText, problems);
        var bindText = setting(given, "--bind", env, "CLOUDVOTER_NODE_BIND").orElse("127.0.0.1");
        var bind = bind(bindText, problems);
        var dir = Path.of(setting(given, "--dir", env, "CLOUDVOTER_NODE_DIR").orElse("browser-node")).toAbsolutePath();
        var chromium = chromium(env, problems);
        if (!problems.isEmpty()) {
            throw new Invalid(problems);
        }
        return new NodeSettings(bind, port, chromium, dir);
    }

    /** The address as it goes into a URL: IPv6 in brackets. */
    public String host() {
        var text = bind.getHostAddress();
        return bind instanceof Inet6Address ? "[" + text + "]" : text;
    }

    public boolean loopback() {
        return bind.isLoopbackAddress();
    }

    private static Optional<String> setting(Map<String, String> given, String option, Map<String, String> env, String variable) {
        if (given.containsKey(option)) {
            return Optional.of(given.get(option));
        }
        return Optional.ofNullable(env.get(variable)).filter(v -> !v.isBlank()).map(String::trim);
    }

    private static int port(String text, List<String> problems) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add("port (--port, CLOUDVOTER_NODE_PORT): '" + text + "' is not a port number 0..65535");
        return -1;
    }

    static InetAddress bind(String text, List<String> problems) {
        var where = "bind (--bind, CLOUDVOTER_NODE_BIND): ";
        InetAddress address;
        try {
            // Literals only, checked before InetAddress sees them: it would look a name up in DNS.
            boolean v4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                    && java.util.Arrays.stream(text.split("\\.")).allMatch(o -> Integer.parseInt(o) <= 255);
            if (!v4 && !text.matches("\\[?[0-9a-fA-F]*:[0-9a-fA-F:.]*]?")) {
                problems.add(where + "'" + text + "' is not an IP address (give one of this machine's addresses, e.g. 127.0.0.1)");
                return null;
            }
            address = InetAddress.getByName(text); // a literal: no name lookup
        } catch (UnknownHostException e) {
            problems.add(where + "'" + text + "' is not an IP address");
            return null;
        }
        var unauthenticated = "; Playwright's browser server has no authentication, so anyone who reaches it can drive this"
                + " browser. Bind 127.0.0.1 and reach it over an SSH tunnel, or bind a private address with a firewall"
                + " open to the agent only (deploy/README.md, Browser nodes)";
        if (address.isAnyLocalAddress()) {
            problems.add(where + text + " listens on every network" + unauthenticated);
        } else if (!address.isLoopbackAddress() && !privateAddress(address)) {
            problems.add(where + text + " is not a loopback or private address" + unauthenticated);
        }
        return address;
    }

    /** RFC 1918, carrier-grade NAT (100.64/10, used by overlay VPNs) and IPv6 unique-local addresses. */
    static boolean privateAddress(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return a.isSiteLocalAddress() || ((b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64);
        }
        return (b[0] & 0xfe) == 0xfc;
    }

    private static Path chromium(Map<String, String> env, List<String> problems) {
        var configured = Optional.ofNullable(env.get("CLOUDVOTER_CHROMIUM")).filter(v -> !v.isBlank()).map(Path::of);
        var found = BrowserSettings.locate(configured);
        if (found.isEmpty()) {
            problems.add("chromium: no Chromium found (apt-get install chromium-headless-shell, or set CLOUDVOTER_CHROMIUM)");
            return null;
        }
        if (!Files.isExecutable(found.get())) {
            problems.add("chromium (CLOUDVOTER_CHROMIUM): " + found.get() + " is not an executable file");
        }
        return found.get();
    }
}
