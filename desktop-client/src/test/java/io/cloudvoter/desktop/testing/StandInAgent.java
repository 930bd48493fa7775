package io.cloudvoter.desktop.testing;

import com.sun.net.httpserver.HttpServer;
import io.cloudvoter.desktop.connection.AgentApi;
import io.cloudvoter.desktop.connection.Profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An agent's REST API stood in for on a free loopback port: each path (and what lies below it, unless a
 * longer path is given too) answers 200 with its fixed JSON, whatever the method. For model tests that
 * need real HTTP answers but no agent.
 */
public final class StandInAgent implements AutoCloseable {
    private final HttpServer server;

    private StandInAgent(Map<String, String> jsonByPath) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jsonByPath.forEach((path, json) -> server.createContext(path, x -> {
            x.getRequestBody().readAllBytes();
            var body = json.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        }));
        server.start();
    }

    public static StandInAgent answering(Map<String, String> jsonByPath) {
        return new StandInAgent(jsonByPath);
    }

    /** A client of this stand-in, as the desktop makes one for an agent named {@code name}. */
    public AgentApi api(String name) {
        return new AgentApi(AgentApi.newHttpClient(), new Profile(name, "http://127.0.0.1:" + server.getAddress().getPort(), "token"));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
