package io.cloudvoter.agent.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * What a hostile client sends on an open {@code /ws}: any opcode, fragments split anywhere (inside a
 * character too), invalid UTF-8, control frames too long or fragmented, close frames of any length,
 * data frames inside a fragmented message, frames over the size limit, and text that is JSON of the
 * wrong kind. And upgrade requests with the handshake gone wrong.
 */
final class HostileFrames {
    record Frame(int opcode, byte[] payload, boolean fin) {
    }

    /** Frames sent one after the other on one connection. */
    record Scenario(String label, List<Frame> frames) {
    }

    static final List<String> MESSAGES = List.of("{\"type\":\"ping\",\"id\":\"x\"}", "{\"type\":\"subscribe\",\"minLogLevel\":\"LOUD\"}",
            "{\"type\":\"subscribe\",\"instances\":[\"../../etc\"]}", "{\"type\":\"subscribe\",\"instances\":\"demo-1\"}",
            "{\"type\":\"nope\"}", "{\"type\":123}", "{}", "[]", "null", "\"ping\"", "{\"type\":\"ping\",\"id\":{\"a\":[1]}}",
            "{\"type\":\"ping\",\"type\":\"subscribe\"}", "{\"type\":\"ping\"} trailing", "{", "\u00e9\u20ac\ud83d\ude00",
            "{\"type\":\"subscribe\",\"minLogLevel\":\"" + "W".repeat(5000) + "\"}");

    private final Random random;

    HostileFrames(long seed) {
        this.random = new Random(seed);
    }

    List<Scenario> scenarios() {
        var all = new ArrayList<Scenario>();
        for (int op = 0; op < 16; op++) {
            all.add(new Scenario("opcode " + op, List.of(new Frame(op, bytes(random.nextInt(40)), true))));
        }
        for (var m : MESSAGES) {
            all.add(new Scenario("text " + HostileRequests.preview(m), List.of(text(m, true))));
        }
        for (int i = 0; i < 30; i++) {
            all.add(fragmented());
        }
        for (int i = 0; i < 20; i++) {
            all.add(invalidUtf8());
        }
        for (int i = 0; i < 20; i++) {
            all.add(close());
        }
        for (int i = 0; i < 10; i++) {
            all.add(new Scenario("control of " + (120 + i * 2) + " bytes", List.of(new Frame(9 + (i % 2), bytes(120 + i * 2), true))));
        }
        all.add(new Scenario("fragmented ping", List.of(new Frame(9, bytes(3), false), new Frame(0, bytes(3), true))));
        all.add(new Scenario("text inside a fragmented text", List.of(text("{\"type\":", false), text("\"ping\"}", true))));
        all.add(new Scenario("ping between fragments (allowed)", List.of(text("{\"type\":\"pi", false), new Frame(9, bytes(4), true),
                new Frame(0, "ng\",\"id\":\"f\"}".getBytes(StandardCharsets.UTF_8), true))));
        all.add(new Scenario("binary", List.of(new Frame(2, bytes(100), true))));
        all.add(new Scenario("binary in fragments", List.of(new Frame(2, bytes(100), false), new Frame(0, bytes(100), true))));
        all.add(new Scenario("frame over 1 MiB", List.of(new Frame(1, new byte[1024 * 1024 + 1], true))));
        all.add(new Scenario("message over the frame limit in small frames", manySmall(20_000)));
        return all;
    }

    private Scenario fragmented() {
        var m = MESSAGES.get(random.nextInt(MESSAGES.size())).getBytes(StandardCharsets.UTF_8);
        var frames = new ArrayList<Frame>();
        int off = 0;
        while (off < m.length) {
            int len = Math.min(m.length - off, 1 + random.nextInt(Math.max(1, m.length / 2)));
            frames.add(new Frame(off == 0 ? 1 : 0, Arrays.copyOfRange(m, off, off + len), off + len >= m.length));
            off += len;
        }
        if (frames.isEmpty()) {
            frames.add(new Frame(1, new byte[0], true));
        }
        return new Scenario("fragmented into " + frames.size(), frames);
    }

    private Scenario invalidUtf8() {
        var bad = List.of(new byte[]{(byte) 0xC3}, new byte[]{(byte) 0xFF, (byte) 0xFE}, new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[]{(byte) 0xC0, (byte) 0x80}, new byte[]{(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[]{(byte) 0xE2, (byte) 0x82});
        var out = new ByteArrayOutputStream();
        out.writeBytes("{\"type\":\"ping\",\"id\":\"".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bad.get(random.nextInt(bad.size())));
        out.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
        var m = out.toByteArray();
        if (random.nextBoolean()) {
            return new Scenario("invalid UTF-8", List.of(new Frame(1, m, true)));
        }
        int cut = 1 + random.nextInt(m.length - 1);
        return new Scenario("invalid UTF-8 across fragments", List.of(new Frame(1, Arrays.copyOf(m, cut), false),
                new Frame(0, Arrays.copyOfRange(m, cut, m.length), true)));
    }

    private Scenario close() {
        int n = random.nextInt(6);
        var payload = switch (n) {
            case 0 -> new byte[0];
            case 1 -> new byte[]{(byte) random.nextInt(256)};
            default -> {
                var p = bytes(2 + random.nextInt(20));
                int code = List.of(1000, 1001, 1002, 1004, 1005, 1006, 1015, 999, 2999, 3000, 4999, 5000, 65535).get(random.nextInt(13));
                p[0] = (byte) (code >> 8);
                p[1] = (byte) code;
                yield p;
            }
        };
        return new Scenario("close of " + payload.length + " bytes", List.of(new Frame(8, payload, true)));
    }

    private List<Frame> manySmall(int total) {
        var frames = new ArrayList<Frame>();
        for (int off = 0; off < total; off += 1000) {
            frames.add(new Frame(off == 0 ? 1 : 0, "a".repeat(1000).getBytes(StandardCharsets.UTF_8), off + 1000 >= total));
        }
        return frames;
    }

    private Frame text(String s, boolean fin) {
        return new Frame(1, s.getBytes(StandardCharsets.UTF_8), fin);
    }

    private byte[] bytes(int n) {
        var b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Upgrade requests with the handshake gone wrong (answered over HTTP: 101, or a 4xx with a body). */
    static List<HostileRequests.Probe> upgrades(String token) {
        var auth = "Authorization: Bearer " + token + "\r\n";
        var ok = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n";
        var key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
        var cases = new ArrayList<String[]>();
        cases.add(new String[]{"bad key", "GET /ws", ok + "Sec-WebSocket-Key: !!!\r\n" + auth});
        cases.add(new String[]{"short key", "GET /ws", ok + "Sec-WebSocket-Key: c2hvcnQ=\r\n" + auth});
        cases.add(new String[]{"no key", "GET /ws", ok + auth});
        cases.add(new String[]{"two keys", "GET /ws", ok + key + key + auth});
        for (var v : List.of("8", "14", "abc", "", "13, 8")) {
            cases.add(new String[]{"version " + v, "GET /ws", "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: " + v + "\r\n" + key + auth});
        }
        for (var since : List.of("abc", "-1", "1e9", "99999999999999999999", "%00", "", "0")) {
            cases.add(new String[]{"since " + since, "GET /ws?since=" + since, ok + key + auth});
        }
        for (var origin : List.of("http://evil.example", "null", "file://", "http://127.0.0.1:1", "::::")) {
            cases.add(new String[]{"origin " + origin, "GET /ws", ok + key + auth + "Origin: " + origin + "\r\n"});
        }
        for (var protocols : List.of("bearer." + token, "chat, bearer." + token, "bearer.wrong", "cloudvoter.v1, bearer.wrong",
                ",,,,", "x".repeat(3000), "cloudvoter.v2")) {
            boolean tokenViaProtocol = protocols.startsWith("bearer") || protocols.contains(", bearer");
            cases.add(new String[]{"protocols " + HostileRequests.preview(protocols), "GET /ws",
                    ok + key + (tokenViaProtocol ? "" : auth) + "Sec-WebSocket-Protocol: " + protocols + "\r\n"});
        }
        cases.add(new String[]{"POST upgrade", "POST /ws", ok + key + auth + "Content-Length: 0\r\n"});
        cases.add(new String[]{"no token", "GET /ws", ok + key});
        cases.add(new String[]{"wrong path", "GET /ws/x", ok + key + auth});
        cases.add(new String[]{"upgrade with a body", "GET /ws", ok + key + auth + "Content-Length: 3\r\n\r\nabc"});
        cases.add(new String[]{"Upgrade: WebSocket", "GET /ws", "Upgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\n" + key + auth});
        cases.add(new String[]{"connection without upgrade", "GET /ws", "Upgrade: websocket\r\nConnection: keep-alive\r\n" + key + auth});
        var probes = new ArrayList<HostileRequests.Probe>();
        for (var c : cases) {
            var head = c[1] + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + c[2];
            var request = head.contains("\r\n\r\n") ? head : head + "\r\n";
            probes.add(new HostileRequests.Probe("upgrade: " + c[0], request.getBytes(StandardCharsets.ISO_8859_1), false));
        }
        return probes;
    }
}
