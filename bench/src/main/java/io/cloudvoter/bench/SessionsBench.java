package io.cloudvoter.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Memory per concurrent session: the agent's model (one browser, a context per session) against the
 * predecessor's (a browser per instance), same executable, same switches, same JVM options. The
 * figure is the slope of the tree's PSS over N = 1, 5, 10, 20 open sessions, each with the demo page open.
 */
final class SessionsBench {
    static final List<Integer> COUNTS = List.of(1, 5, 10, 20);

    private SessionsBench() {
    }

    static void run(ProbeRunner probe, String target, Results results) {
        var counts = String.join(",", COUNTS.stream().map(String::valueOf).toList());
        var ours = probe.run(Duration.ofMinutes(3), "sessions", target, counts);
        var theirs = probe.run(Duration.ofMinutes(4), "browsers", target, counts);
        double ourSlope = slope(ours);
        double theirSlope = slope(theirs);
        results.put("sessionMarginalPssMb", ourSlope, "MB", "<= 12",
                "PSS slope over N=" + counts + " contexts in one browser: " + points(ours));
        results.put("browserPerInstanceMarginalPssMb", theirSlope, "MB", null,
                "baseline, one browser per instance: " + points(theirs));
        results.put("densityRatio", theirSlope / ourSlope, "x", ">= 5", "browser-per-instance slope / context slope");
        results.detail("sessions", Map.of("contextPerSession", ours, "browserPerSession", theirs));
    }

    private static double slope(List<JsonNode> points) {
        if (points.size() != COUNTS.size()) {
            throw new IllegalStateException("the probe reported " + points.size() + " of " + COUNTS.size() + " points");
        }
        var x = new ArrayList<Integer>();
        var y = new ArrayList<Double>();
        for (var p : points) {
            x.add(p.get("sessions").asInt());
            y.add(p.get("pssMb").asDouble());
        }
        return Stats.slope(x, y);
    }

    private static String points(List<JsonNode> points) {
        var sb = new StringBuilder();
        for (var p : points) {
            sb.append(sb.isEmpty() ? "" : ", ").append(p.get("sessions").asInt()).append("→").append(Math.round(p.get("pssMb").asDouble()));
        }
        return sb.append(" MB").toString();
    }
}
