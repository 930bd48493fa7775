package io.cloudvoter.agent.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * HTTP requests of the shapes an attacker tries (not one list of fixed inputs): every method on every
 * route and beyond, paths with encodings and dot segments, hostile query values, bodies with the
 * wrong types, trailing garbage, duplicate keys, deep nesting, invalid UTF-8 and odd media types, and
 * request lines and headers that are not HTTP at all. Generated from a seed, so a failure repeats.
 * Nothing here has a side effect beyond the API's own (no run-now, restart, rotation or monitoring
 * start with the right token), so the runs recorded before must all still be there afterwards.
 */
final class HostileRequests {
    /** One request as bytes on the wire, and a label that says what it is. */
    record Probe(String label, byte[] bytes, boolean head) {
    }

    static final List<String> READS = List.of("/api/status", "/api/instances", "/api/instances/demo-1", "/api/runs",
            "/api/runs.csv", "/api/runs/1", "/api/runs/1/artifact", "/api/runs/1/trace", "/api/flows", "/api/monitoring",
            "/api/instances/demo-1/storage-state", "/metrics", "/api/health", "/api/health/live", "/api/health/ready", "/demo/",
            "/", "/ws", "/ws/", "/WS", "/api", "/api/");
    /** Commands that would change what runs: only ever sent with a wrong or missing token. */
    static final List<String> GUARDED = List.of("/api/instances/demo-1/run", "/api/instances/demo-1/restart",
            "/api/agent/restart", "/api/token/rotate", "/api/browser/recycle", "/api/monitoring/start");
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE",
            "CONNECT", "PROPFIND", "get", "X-CUSTOM");
    static final List<String> QUERY_VALUES = List.of("-1", "0", "1001", "2147483648", "99999999999999999999999", "abc",
            "1e9", "NaN", "%00", "%ff%fe", "+292278995-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z",
            "2026-13-45T99:99:99Z", "100000000000d", "24x", "PT", "-PT1H", "%27%20OR%201%3D1%20--", "%E2%80%AE",
            "x".repeat(3000), "", "%20", "SUCCESS", "success", "BOGUS");
    static final List<String> PATH_JUNK = List.of("..", "%2e%2e", "..%2f", "%2f", "%5c", "%00", "%ff", "%c0%af", ".",
            "a//b", "%20", "é", "%E2%80%AE", "x".repeat(2000), "~", "*", "?", "#frag", "%25", ";jsessionid=1");
    static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8",
            "application/json; charset=bogus", "application/json; charset=utf-16", "text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/json;;", "/", "application/json; charset=\"", "", "\u00e9/\u00e9",
            "application/vnd.api+json", "text/json");

    private final Random random;
    private final String token;

    HostileRequests(long seed, String token) {
        this.random = new Random(seed);
        this.token = token;
    }

    List<Probe> all() {
        var probes = new ArrayList<Probe>();
        probes.addAll(everyMethodOnEveryRoute());
        for (int i = 0; i < 60; i++) {
            probes.add(junkPath());
        }
        for (int i = 0; i < 60; i++) {
            probes.add(junkQuery());
        }
        for (int i = 0; i < 70; i++) {
            probes.add(instanceBody());
        }
        for (int i = 0; i < 50; i++) {
            probes.add(storageStateBody());
        }
        probes.addAll(notHttp());
        for (int i = 0; i < 20; i++) {
            probes.add(wrongToken());
        }
        return probes;
    }

    private List<Probe> everyMethodOnEveryRoute() {
        var probes = new ArrayList<Probe>();
        for (var path : READS) {
            for (var method : METHODS) {
                if (method.equals("CONNECT") || (method.equals("POST") && path.startsWith("/api/instances/demo-1"))) {
                    continue; // CONNECT takes an authority, not a path; POSTs to an instance are commands
                }
                probes.add(request(method + " " + path, method, path, auth(), null, null));
            }
        }
        return probes;
    }

    private Probe junkPath() {
        var base = pick(READS);
        var junk = pick(PATH_JUNK);
        var path = switch (random.nextInt(4)) {
            case 0 -> base + "/" + junk;
            case 1 -> base + junk;
            case 2 -> "/" + junk + base;
            default -> base.replace("/api", "/api/" + junk);
        };
        return request("path " + path, pick(List.of("GET", "HEAD", "DELETE")), path, random.nextBoolean() ? auth() : "", null, null);
    }

    private Probe junkQuery() {
        var path = pick(List.of("/api/runs", "/api/runs.csv", "/ws"));
        var query = new StringBuilder();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            query.append(i == 0 ? "?" : "&").append(pick(List.of("since", "limit", "before", "outcome", "instance", "x", "since")))
                    .append('=').append(pick(QUERY_VALUES));
        }
        return request("query " + path + query, "GET", path + query, auth(), null, null);
    }

    private Probe instanceBody() {
        var body = JsonMutations.instance(random);
        var type = random.nextInt(4) == 0 ? pick(CONTENT_TYPES) : "application/json";
        return request("instance body " + preview(body), "POST", "/api/instances", auth(), type, body);
    }

    private Probe storageStateBody() {
        var body = JsonMutations.storageState(random);
        var type = random.nextInt(5) == 0 ? pick(CONTENT_TYPES) : "application/json";
        return request("storage state " + preview(body), "PUT", "/api/instances/demo-1/storage-state", auth(), type, body);
    }

    private Probe wrongToken() {
        var path = pick(random.nextBoolean() ? GUARDED : READS);
        var header = pick(List.of("Authorization: Bearer wrong-token-" + random.nextInt(1000) + "\r\n",
                "Authorization: bearer\r\n", "Authorization: Basic dXNlcjpwYXNz\r\n", "Authorization: Bearer " + token + "x\r\n",
                "Authorization: Bearer  \r\n", "", "Authorization: Bearer " + token.toUpperCase() + "\r\n"));
        return request("token " + header.strip() + " " + path, "POST", path, header, null, null);
    }

    /** Request lines and headers no HTTP client writes. */
    private List<Probe> notHttp() {
        var raw = new ArrayList<String>(List.of(
                "G\0ET /api/status HTTP/1.1", "GET", "GET /", "GET  /api/status HTTP/1.1", "GET /api/status HTTP/9.9",
                "GET /api/status HTTP/2.0", "GET /api/status HTTP/1.1 extra", "\u00e9\u00e9 / HTTP/1.1", " GET / HTTP/1.1",
                "GET /api/status\tHTTP/1.1", "GET http://evil.example/api/status HTTP/1.1", "GET * HTTP/1.1",
                "GET /" + "a".repeat(5000) + " HTTP/1.1", "GET /api/status HTTP/1.1\nHost: x", "\r\n\r\nGET / HTTP/1.1"));
        var probes = new ArrayList<Probe>();
        for (var line : raw) {
            probes.add(new Probe("request line " + preview(line), (line + "\r\nHost: x\r\n" + auth() + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1), false));
        }
        var headers = List.of("Bad Header", "X: \u0001", ": empty-name", "X-Big: " + "a".repeat(20_000), "Host: y",
                "Content-Length: abc", "Content-Length: -1", "Content-Length: 5\r\nTransfer-Encoding: chunked",
                "Transfer-Encoding: gzip", "Transfer-Encoding: chunked, chunked", "Content-Encoding: br",
                "Expect: 100-continue", "Upgrade: h2c\r\nConnection: Upgrade", "Upgrade: websocket\r\nConnection: Upgrade",
                "Connection: close, upgrade, keep-alive", "X-Forwarded-For: 1.2.3.4, <script>",
                "Authorization: Bearer " + "t".repeat(10_000), "Host: [::1", "Host: a b");
        for (var h : headers) {
            probes.add(new Probe("header " + preview(h), ("GET /api/status HTTP/1.1\r\nHost: x\r\n" + auth() + h + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1), false));
        }
        probes.add(new Probe("no Host", "GET /api/status HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), false));
        for (var chunk : List.of("zz\r\nabc\r\n0\r\n\r\n", "-5\r\nabc\r\n0\r\n\r\n", "ffffffffffff\r\nab\r\n",
                "3\r\nabcdef\r\n0\r\n\r\n", "0\r\nX-Trailer: 1\r\n\r\n", "3;ext=1\r\n{}}\r\n0\r\n\r\n")) {
            probes.add(new Probe("chunk " + preview(chunk), ("POST /api/instances HTTP/1.1\r\nHost: x\r\n" + auth()
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk)
                    .getBytes(StandardCharsets.ISO_8859_1), false));
        }
        probes.add(new Probe("binary junk", randomBytes(512), false));
        return probes;
    }

    private Probe request(String label, String method, String path, String headers, String contentType, byte[] body) {
        var out = new ByteArrayOutputStream();
        var head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n").append(headers);
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (body != null || method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n");
        }
        head.append("\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            out.writeBytes(body);
        }
        return new Probe(label, out.toByteArray(), method.equals("HEAD"));
    }

    private String auth() {
        return "Authorization: Bearer " + token + "\r\n";
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private byte[] randomBytes(int n) {
        var b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static String preview(String s) {
        var flat = s.replaceAll("[\\r\\n]", "\\\\n");
        return flat.length() > 60 ? flat.substring(0, 60) + "…" : flat;
    }

    static String preview(byte[] b) {
        return preview(new String(b, 0, Math.min(b.length, 200), StandardCharsets.UTF_8));
    }
}
