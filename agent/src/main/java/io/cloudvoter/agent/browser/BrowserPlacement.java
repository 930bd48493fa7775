package io.cloudvoter.agent.browser;

import io.helidon.config.Config;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where runs get their browsers: local workers (Chromiums this agent launches) and browser nodes
 * ({@code cloudvoter.browser.endpoints}), alongside each other or the nodes alone.
 *
 * @param local     whether the agent launches Chromium itself ({@code browser.local}, {@code CLOUDVOTER_BROWSER_LOCAL})
 * @param endpoints the browser nodes, each a worker of its own
 */
public record BrowserPlacement(boolean local, List<BrowserEndpoint> endpoints) {
    public static final BrowserPlacement LOCAL_ONLY = new BrowserPlacement(true, List.of());

    public BrowserPlacement {
        endpoints = List.copyOf(endpoints);
    }

    /**
     * Reads {@code browser.local} and {@code browser.endpoints}; {@code CLOUDVOTER_BROWSER_LOCAL} and
     * {@code CLOUDVOTER_BROWSER_ENDPOINTS} (comma-separated URLs, each taking {@value BrowserEndpoint#DEFAULT_RUNS}
     * runs) win over them. Every wrong value goes to {@code problems}, naming its key; a URL's query
     * (where tokens live) never appears in a problem.
     */
    public static BrowserPlacement read(Config browser, Map<String, String> env, List<String> problems) {
        boolean local = true;
        var localText = env.getOrDefault("CLOUDVOTER_BROWSER_LOCAL", browser.get("local").asString().orElse("true")).trim();
        switch (localText.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> local = true;
            case "false", "no", "off" -> local = false;
            default -> problems.add("cloudvoter.browser.local (CLOUDVOTER_BROWSER_LOCAL): '" + localText + "' is not true or false");
        }
        var endpoints = new ArrayList<BrowserEndpoint>();
        var fromEnv = env.get("CLOUDVOTER_BROWSER_ENDPOINTS");
        if (fromEnv != null && !fromEnv.isBlank()) {
            for (var url : fromEnv.split(",")) {
                if (url.isBlank()) {
                    continue;
                }
                var problem = BrowserEndpoint.problemWithUrl(url.trim());
                if (problem != null) {
                    problems.add("CLOUDVOTER_BROWSER_ENDPOINTS: " + problem);
                } else {
                    endpoints.add(new BrowserEndpoint(URI.create(url.trim()), Map.of(), BrowserEndpoint.DEFAULT_RUNS));
                }
            }
        } else {
            var nodes = browser.get("endpoints").asNodeList().orElse(List.of());
            for (int i = 0; i < nodes.size(); i++) {
                endpoint(nodes.get(i), "cloudvoter.browser.endpoints[" + i + "]", problems, endpoints);
            }
        }
        if (!local && endpoints.isEmpty()) {
            problems.add("cloudvoter.browser.local (CLOUDVOTER_BROWSER_LOCAL): false needs at least one browser node in"
                         + " cloudvoter.browser.endpoints (CLOUDVOTER_BROWSER_ENDPOINTS)");
        }
        return new BrowserPlacement(local, endpoints);
    }

    private static void endpoint(Config node, String where, List<String> problems, List<BrowserEndpoint> into) {
        var url = node.get("url").asString().orElse(node.isLeaf() ? node.asString().orElse("") : "").trim();
        var problem = url.isEmpty() ? "missing (a ws:// URL of a browser node)" : BrowserEndpoint.problemWithUrl(url);
        if (problem != null) {
            problems.add(where + ".url: " + problem);
            return;
        }
        var headers = new LinkedHashMap<String, String>();
        for (var header : node.get("headers").asNodeList().orElse(List.of())) {
            var name = header.name();
            if (!BrowserEndpoint.validHeaderName(name) || !header.isLeaf()) {
                problems.add(where + ".headers." + name + ": not a header name with a text value");
            } else {
                headers.put(name, header.asString().orElse(""));
            }
        }
        int runs = BrowserEndpoint.DEFAULT_RUNS;
        var runsText = node.get("runs").asString().orElse(null);
        if (runsText != null) {
            try {
                runs = Integer.parseInt(runsText.trim());
            } catch (NumberFormatException e) {
                runs = -1;
            }
            if (runs < 1 || runs > BrowserEndpoint.MAX_RUNS) {
                problems.add(where + ".runs: '" + runsText + "' is not a whole number from 1 to " + BrowserEndpoint.MAX_RUNS);
                return;
            }
        }
        into.add(new BrowserEndpoint(URI.create(url), headers, runs));
    }
}
