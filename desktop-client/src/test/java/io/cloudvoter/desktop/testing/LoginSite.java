package io.cloudvoter.desktop.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * A members page the test owns, on a free local port: {@code /login} has a form; posting the right user
 * and password sets a session cookie and leads to {@code /members}, which greets a logged-in visitor
 * ("Welcome back, ann") and asks anybody else to log in. Never a site on the internet.
 */
public final class LoginSite implements AutoCloseable {
    public static final String USER = "ann";
    public static final String PASSWORD = "correct horse";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<String> sessions = ConcurrentHashMap.newKeySet();

    public LoginSite() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/login", this::login);
        server.createContext("/members", this::members);
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** A flow that opens the members page and succeeds only when it is greeted as logged in. */
    public String flow(String name) {
        return """
                name: %s
                target: "%s"
                timeout: 20s
                cooldown: 1h
                steps:
                  - goto
                  - waitFor: { selector: "#greeting" }
                outcome:
                  success: ["Welcome back"]
                  failure: ["Please log in"]
                """.formatted(name, url("/members"));
    }

    /** As the operator would on the login form: type the user and the password, press the button; the greeting that follows. */
    public static String logIn(com.microsoft.playwright.Page page) {
        page.fill("#user", USER);
        page.fill("#password", PASSWORD);
        page.click("#submit");
        page.waitForSelector("#greeting");
        return page.textContent("#greeting");
    }

    public int sessions() {
        return sessions.size();
    }

    private void login(HttpExchange ex) throws IOException {
        if (ex.getRequestMethod().equals("POST")) {
            var form = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (USER.equals(form.get("user")) && PASSWORD.equals(form.get("password"))) {
                var session = UUID.randomUUID().toString();
                sessions.add(session);
                ex.getResponseHeaders().add("Set-Cookie", "session=" + session + "; Path=/; HttpOnly; Max-Age=86400");
                ex.getResponseHeaders().add("Location", "/members");
                ex.sendResponseHeaders(303, -1);
                ex.close();
                return;
            }
        }
        page(ex, "<h1>Log in</h1><form method=post action=/login>"
                + "<input id=user name=user placeholder=user> <input id=password name=password type=password placeholder=password>"
                + " <button id=submit type=submit>Log in</button></form>");
    }

    private void members(HttpExchange ex) throws IOException {
        var cookie = String.join(";", ex.getRequestHeaders().getOrDefault("Cookie", java.util.List.of()));
        boolean in = java.util.Arrays.stream(cookie.split(";")).map(String::strip)
                .anyMatch(c -> c.startsWith("session=") && sessions.contains(c.substring("session=".length())));
        page(ex, in ? "<p id=greeting>Welcome back, " + USER + "</p>" : "<p id=greeting>Please log in</p><a href=/login>log in</a>");
    }

    private static void page(HttpExchange ex, String body) throws IOException {
        var bytes = ("<!doctype html><html><head><meta charset=utf-8><title>members</title></head><body>" + body
                + "</body></html>").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        ex.sendResponseHeaders(200, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> form(String body) {
        return java.util.Arrays.stream(body.split("&")).map(kv -> kv.split("=", 2)).filter(kv -> kv.length == 2)
                .collect(Collectors.toMap(kv -> URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv -> URLDecoder.decode(kv[1], StandardCharsets.UTF_8), (a, b) -> b));
    }

    @Override
    public void close() {
        server.stop(0);
        threads.close();
    }
}
