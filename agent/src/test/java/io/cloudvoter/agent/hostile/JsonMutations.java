package io.cloudvoter.agent.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/** JSON bodies gone wrong in the ways clients and attackers get them wrong, from a valid one. */
final class JsonMutations {
    static final String SECRET = "hostile-secret-cookie-value";

    private JsonMutations() {
    }

    static final List<String> VALUES = List.of("123", "-1", "1e400", "true", "false", "null", "[]", "{}", "\"\"",
            "\"x\"", "[\"a\"]", "{\"a\":1}", "\"" + "y".repeat(100) + "\"", "\"\\u0000\"", "\"\\ud800\"", "0.5",
            "\"30s\"", "\"PT-5S\"", "\"-5m\"", "\"999999999999d\"", "\"never\"", "\"../../etc/passwd\"");

    static byte[] instance(Random r) {
        String[] fields = {"\"id\":\"fz-" + r.nextInt(100_000) + "\"", "\"flow\":\"demo-vote\"", "\"cooldown\":\"30s\"",
                "\"enabled\":false"};
        return mutate(r, fields, List.of("id", "flow", "cooldown", "enabled", "idd", "__proto__", "extra"));
    }

    static byte[] storageState(Random r) {
        String cookie = "{\"name\":\"sid\",\"value\":\"" + SECRET + "\",\"domain\":\"127.0.0.1\",\"path\":\"/\",\"expires\":-1,"
                + "\"httpOnly\":true,\"secure\":false,\"sameSite\":\"Lax\"}";
        String[] fields = {"\"cookies\":[" + cookie + "]", "\"origins\":[{\"origin\":\"http://127.0.0.1:9\",\"localStorage\":"
                + "[{\"name\":\"k\",\"value\":\"" + SECRET + "\"}]}]"};
        if (r.nextInt(3) == 0) {
            return cookieMutation(r, cookie);
        }
        return mutate(r, fields, List.of("cookies", "origins", "credentials", "extra"));
    }

    /** A storage state whose one cookie has one field swapped for a hostile value. */
    private static byte[] cookieMutation(Random r, String cookie) {
        var field = pick(r, List.of("name", "value", "domain", "path", "expires", "httpOnly", "secure", "sameSite", "url", "partitionKey"));
        var value = pick(r, List.of("123", "\"never\"", "\"Bogus\"", "null", "-2", "1e20", "[]", "{}", "\"file:///etc/passwd\"",
                "\"javascript:alert(1)\"", "true", "\"\""));
        var changed = cookie.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[^,}]*)", "\"" + field + "\":" + value);
        if (changed.equals(cookie)) {
            changed = cookie.replace("}", ",\"" + field + "\":" + value + "}");
        }
        return ("{\"cookies\":[" + changed + "],\"origins\":[]}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] mutate(Random r, String[] fields, List<String> names) {
        var body = "{" + String.join(",", fields) + "}";
        return switch (r.nextInt(14)) {
            case 0 -> bytes(body + pick(r, List.of(" x", "{}", ",", "]", " // c", "\u0000", "\"")));
            case 1 -> bytes(body.replaceFirst(":[^,}]+", ":" + pick(r, VALUES)));
            case 2 -> bytes(body.replace("{\"", "{\"" + pick(r, names) + "\":" + pick(r, VALUES) + ",\""));
            case 3 -> bytes(body.replace("{\"", "{" + fields[0] + ",\""));
            case 4 -> bytes("[".repeat(200 + r.nextInt(5000)) + "]".repeat(100));
            case 5 -> bytes("{\"" + pick(r, names) + "\":" + "{\"a\":".repeat(100 + r.nextInt(3000)) + "1" + "}".repeat(50) + "}");
            case 6 -> invalidUtf8(body, r);
            case 7 -> bytes("\uFEFF" + body);
            case 8 -> bytes(pick(r, List.of("", " ", "null", "1", "\"text\"", "[]", "[" + body + "]", "{", "}", "{\"a\"")));
            case 9 -> bytes(body.replaceFirst("\"[a-z]+\":", "\"" + pick(r, names) + "\":").replaceFirst("\\}$",
                    ",\"" + pick(r, names) + "\":\"" + "z".repeat(20_000 + r.nextInt(30_000)) + "\"}"));
            case 10 -> bytes(body.replace("\"", "'"));
            case 11 -> bytes(body.toUpperCase());
            case 12 -> bytes(body.replaceFirst(",", ",\"" + pick(r, names) + "\":" + pick(r, VALUES) + ","
                    + "\"" + pick(r, names) + "\":" + pick(r, VALUES) + ","));
            default -> bytes(body);
        };
    }

    private static byte[] invalidUtf8(String body, Random r) {
        var out = new ByteArrayOutputStream();
        var b = bytes(body);
        int at = 2 + r.nextInt(Math.max(1, b.length - 4));
        out.write(b, 0, at);
        out.writeBytes(pick(r, List.of(new byte[]{(byte) 0xC3}, new byte[]{(byte) 0xFF}, new byte[]{(byte) 0xED, (byte) 0xA0,
                (byte) 0x80}, new byte[]{(byte) 0xC0, (byte) 0xAF}, new byte[]{0})));
        out.write(b, at, b.length - at);
        return out.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static <T> T pick(Random r, List<T> items) {
        return items.get(r.nextInt(items.size()));
    }
}
