package io.cloudvoter.agent.browser;

import io.cloudvoter.agent.config.SectionReader;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where runs get their browsers: local workers (Chromiums this agent launches) and browser nodes
 * ({@code cloudvoter.browser.endpoints}), alongside each other or the nodes alone.
 *
 * @param local     whether the agent launches Chromium itself ({@code browser.local}, {@code CLOUDVOTER_BROWSER_LOCAL})
 * @param endpoints the browser nodes, each a worker of its own
 */
public record BrowserPlacement(boolean local, List<BrowserEndpoint> endpoints) {
    public static final BrowserPlacement LOCAL_ONLY = new BrowserPlacement(true, List.of());
    static final String LOCAL_ENV = "CLOUDVOTER_BROWSER_LOCAL";
    static final String ENDPOINTS_ENV = "CLOUDVOTER_BROWSER_ENDPOINTS";

    public BrowserPlacement {
        endpoints = List.copyOf(endpoints);
    }

    /**
     * Reads {@code browser.local} and {@code browser.endpoints}; {@code CLOUDVOTER_BROWSER_LOCAL} and
     * {@code CLOUDVOTER_BROWSER_ENDPOINTS} (comma-separated URLs, each taking {@value BrowserEndpoint#DEFAULT_RUNS}
     * runs) win over them. Every wrong value goes to the reader's problems, naming its key; a URL's query
     * (where tokens live) never appears in a problem.
     */
    public static BrowserPlacement read(SectionReader browser) {
        boolean local = browser.env(LOCAL_ENV).bool("local", true);
        var endpoints = new ArrayList<BrowserEndpoint>();
        var fromEnv = browser.envValue(ENDPOINTS_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            browser.env(ENDPOINTS_ENV).list("endpoints"); // replaced by the variable: known, not read
            for (var url : fromEnv.split(",")) {
                if (url.isBlank()) {
                    continue;
                }
                var problem = BrowserEndpoint.problemWithUrl(url.trim());
                if (problem != null) {
                    browser.report(ENDPOINTS_ENV + ": " + problem);
                } else {
                    endpoints.add(new BrowserEndpoint(URI.create(url.trim()), Map.of(), BrowserEndpoint.DEFAULT_RUNS));
                }
            }
        } else {
            for (var entry : browser.env(ENDPOINTS_ENV).entries("endpoints")) {
                endpoint(entry).ifPresent(endpoints::add);
            }
        }
        if (!local && endpoints.isEmpty()) {
            browser.env(LOCAL_ENV).problem("local", "false needs at least one browser node in"
                    + " cloudvoter.browser.endpoints (" + ENDPOINTS_ENV + ")");
        }
        return new BrowserPlacement(local, endpoints);
    }

    private static Optional<BrowserEndpoint> endpoint(SectionReader entry) {
        var url = entry.value().or(() -> entry.text("url")).orElse("");
        var headers = entry.map("headers");
        int runs = entry.integer("runs", BrowserEndpoint.DEFAULT_RUNS, 1, BrowserEndpoint.MAX_RUNS);
        headers.keySet().stream().filter(name -> !BrowserEndpoint.validHeaderName(name))
                .forEach(name -> entry.problem("headers." + name, "not a header name"));
        var problem = url.isEmpty() ? "missing (a ws:// URL of a browser node)" : BrowserEndpoint.problemWithUrl(url);
        if (problem != null) {
            entry.problem("url", problem);
            return Optional.empty();
        }
        return Optional.of(new BrowserEndpoint(URI.create(url), headers, runs));
    }
}
