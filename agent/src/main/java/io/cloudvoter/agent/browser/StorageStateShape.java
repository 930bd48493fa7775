package io.cloudvoter.agent.browser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.cloudvoter.agent.json.StrictJson;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Playwright's storage state as its driver checks it when a context is created from one (Playwright
 * 1.62: {@code SetNetworkCookie}, {@code SetOriginStorage}, {@code NameValue}, {@code VirtualCredential}
 * and the checks its {@code addCookies} makes). A state that passed here but not there would be
 * stored and then break every run of its instance, so anything Playwright would refuse is refused
 * here, at upload, with the field and the reason. A message never quotes a value: a storage state is
 * made of session secrets.
 */
final class StorageStateShape {
    private static final Set<String> TOP = Set.of("cookies", "origins", "credentials");
    private static final Map<String, Kind> COOKIE = Map.ofEntries(
            Map.entry("name", Kind.TEXT), Map.entry("value", Kind.TEXT), Map.entry("url", Kind.TEXT),
            Map.entry("domain", Kind.TEXT), Map.entry("path", Kind.TEXT), Map.entry("expires", Kind.NUMBER),
            Map.entry("httpOnly", Kind.BOOLEAN), Map.entry("secure", Kind.BOOLEAN), Map.entry("sameSite", Kind.TEXT),
            Map.entry("partitionKey", Kind.TEXT), Map.entry("_crHasCrossSiteAncestor", Kind.BOOLEAN));
    private static final Map<String, Kind> ORIGIN = Map.of(
            "origin", Kind.TEXT, "localStorage", Kind.LIST, "indexedDB", Kind.LIST);
    private static final Map<String, Kind> NAME_VALUE = Map.of("name", Kind.TEXT, "value", Kind.TEXT);
    private static final Map<String, Kind> CREDENTIAL = Map.of("id", Kind.TEXT, "rpId", Kind.TEXT,
            "userHandle", Kind.TEXT, "privateKey", Kind.TEXT, "publicKey", Kind.TEXT);
    private static final Map<String, Kind> DATABASE = Map.of("name", Kind.TEXT, "version", Kind.INTEGER, "stores", Kind.LIST);
    private static final List<String> SAME_SITE = List.of("Strict", "Lax", "None");
    /** Playwright's own bound for a cookie's expiry: 9999-12-31T23:59:59Z in seconds. */
    static final double MAX_EXPIRES = 253_402_300_799d;

    private enum Kind { TEXT, NUMBER, INTEGER, BOOLEAN, LIST }

    private StorageStateShape() {
    }

    /** @throws IllegalArgumentException naming the field and the reason */
    static void check(byte[] json) {
        JsonNode root;
        // Read as UTF-8 whatever the bytes look like (Jackson would guess UTF-16 from zero bytes), in a
        // stream: the text is not held a second time.
        try (var text = new java.io.InputStreamReader(new java.io.ByteArrayInputStream(json), java.nio.charset.StandardCharsets.UTF_8)) {
            root = StrictJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw bad("", "not valid JSON" + StrictJson.where(e) + " (" + reason(e) + ")");
        } catch (java.io.IOException e) {
            throw bad("", "cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw bad("", "expected a JSON object with 'cookies' and/or 'origins' (Playwright's storageState format)");
        }
        keys(root, "", TOP);
        if (!root.has("cookies") && !root.has("origins")) {
            throw bad("", "expected 'cookies' and/or 'origins' arrays (Playwright's storageState format)");
        }
        var cookies = list(root, "cookies");
        for (int i = 0; i < cookies.size(); i++) {
            cookie(cookies.get(i), "cookies[" + i + "]");
        }
        var origins = list(root, "origins");
        for (int i = 0; i < origins.size(); i++) {
            origin(origins.get(i), "origins[" + i + "]");
        }
        var credentials = list(root, "credentials");
        for (int i = 0; i < credentials.size(); i++) {
            fields(credentials.get(i), "credentials[" + i + "]", CREDENTIAL, CREDENTIAL.keySet());
        }
    }

    private static void cookie(JsonNode c, String at) {
        fields(c, at, COOKIE, Set.of("name", "value"));
        boolean url = present(c, "url");
        if (url && (present(c, "domain") || present(c, "path"))) {
            throw bad(at, "has a url and a domain or path; give either url, or domain and path");
        }
        if (!url && !(present(c, "domain") && present(c, "path"))) {
            throw bad(at, "needs a url, or a domain and a path");
        }
        if (url) {
            var scheme = scheme(c.get("url").asText());
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw bad(at + ".url", "must be an http:// or https:// URL");
            }
        }
        if (present(c, "expires")) {
            double expires = c.get("expires").asDouble();
            if (!(expires == -1 || (expires >= 0 && expires <= MAX_EXPIRES))) {
                throw bad(at + ".expires", "must be -1 (a session cookie) or a Unix time in seconds up to " + (long) MAX_EXPIRES);
            }
        }
        if (present(c, "sameSite") && !SAME_SITE.contains(c.get("sameSite").asText())) {
            throw bad(at + ".sameSite", "must be one of " + String.join(", ", SAME_SITE));
        }
    }

    private static void origin(JsonNode o, String at) {
        fields(o, at, ORIGIN, Set.of("origin", "localStorage"));
        if (!isOrigin(o.get("origin").asText())) {
            throw bad(at + ".origin", "must be an origin: http:// or https://, a host and maybe a port, nothing after");
        }
        var items = o.get("localStorage");
        for (int i = 0; i < items.size(); i++) {
            fields(items.get(i), at + ".localStorage[" + i + "]", NAME_VALUE, NAME_VALUE.keySet());
        }
        var databases = o.path("indexedDB").isArray() ? o.get("indexedDB") : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        for (int i = 0; i < databases.size(); i++) {
            var db = at + ".indexedDB[" + i + "]";
            fields(databases.get(i), db, DATABASE, DATABASE.keySet());
            var stores = databases.get(i).get("stores");
            for (int j = 0; j < stores.size(); j++) {
                var store = stores.get(j);
                if (!store.isObject() || !store.path("name").isTextual() || !store.path("records").isArray()
                        || !store.path("indexes").isArray() || !store.path("autoIncrement").isBoolean()) {
                    throw bad(db + ".stores[" + j + "]", "expected an object with name, autoIncrement, records and indexes");
                }
            }
        }
    }

    /** Playwright's Java client drops nulls before its driver sees the state: an optional null is as good as absent. */
    private static boolean present(JsonNode node, String name) {
        return node.has(name) && !node.get(name).isNull();
    }

    /** An object whose known fields have their types, with every required one present and no other. */
    private static void fields(JsonNode node, String at, Map<String, Kind> known, Set<String> required) {
        if (node == null || !node.isObject()) {
            throw bad(at, "expected an object, got " + type(node));
        }
        keys(node, at, known.keySet());
        for (var name : required) {
            if (!present(node, name)) {
                throw bad(at, "'" + name + "' is missing");
            }
        }
        node.properties().forEach(e -> {
            var kind = known.get(e.getKey());
            var v = e.getValue();
            if (v.isNull()) {
                return; // optional (the required ones were checked above)
            }
            boolean ok = switch (kind) {
                case TEXT -> v.isTextual();
                case NUMBER -> v.isNumber() && Double.isFinite(v.asDouble());
                case INTEGER -> v.isIntegralNumber();
                case BOOLEAN -> v.isBoolean();
                case LIST -> v.isArray();
            };
            if (!ok) {
                throw bad(field(at, e.getKey()), "expected " + kind.name().toLowerCase().replace("text", "a string")
                        .replace("number", "a number").replace("integer", "a whole number")
                        .replace("boolean", "true or false").replace("list", "an array") + ", got " + type(v));
            }
        });
    }

    private static void keys(JsonNode node, String at, Set<String> known) {
        node.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                throw bad(at, "unknown field '" + clip(k) + "' (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        });
    }

    private static List<JsonNode> list(JsonNode root, String name) {
        var node = root.get(name);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw bad(name, "must be an array, got " + type(node));
        }
        var items = new java.util.ArrayList<JsonNode>();
        node.forEach(items::add);
        return items;
    }

    static boolean isOrigin(String text) {
        try {
            var u = new URI(text);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null
                    && u.getRawUserInfo() == null && (u.getRawPath() == null || u.getRawPath().isEmpty())
                    && u.getRawQuery() == null && u.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String scheme(String url) {
        try {
            var u = new URI(url);
            return u.getHost() == null ? null : u.getScheme();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String type(JsonNode v) {
        if (v == null || v.isNull()) {
            return "null";
        }
        return switch (v.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> v.getNodeType().name().toLowerCase();
        };
    }

    private static String reason(JsonProcessingException e) {
        var m = String.valueOf(e.getOriginalMessage());
        // Jackson quotes the offending token, which may be part of a cookie: keep only its own words.
        m = m.lines().findFirst().orElse("");
        if (!m.startsWith("Duplicate field")) {
            m = m.replaceAll("'[^']*'", "'…'");
        }
        return m.length() > 160 ? m.substring(0, 160) + "…" : m;
    }

    private static String field(String at, String key) {
        return at.isEmpty() ? key : at + "." + key;
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    private static IllegalArgumentException bad(String at, String reason) {
        return new IllegalArgumentException("storage state: " + (at.isEmpty() ? "" : at + ": ") + reason);
    }
}
