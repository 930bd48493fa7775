package io.cloudvoter.agent.web;

import io.cloudvoter.agent.metrics.AgentMetrics;
import io.cloudvoter.agent.metrics.PrometheusText;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/** {@code GET /metrics}: Prometheus text. Behind the token like everything else (Prometheus sends it as a bearer). */
final class MetricsService implements HttpService {
    private final AgentMetrics metrics;

    MetricsService(AgentMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> res.header(HeaderNames.CONTENT_TYPE, PrometheusText.CONTENT_TYPE)
                .header(HeaderNames.CACHE_CONTROL, "no-store")
                .send(metrics.scrape()));
    }
}
