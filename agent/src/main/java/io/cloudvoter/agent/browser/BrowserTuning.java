package io.cloudvoter.agent.browser;

import io.cloudvoter.agent.config.ConfigException;
import io.cloudvoter.agent.config.Durations;

import io.helidon.config.Config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code cloudvoter.browser} section: how the browser is run for a small footprint.
 *
 * @param idleStop stop Chromium and the driver after this long without a run ({@code 0} never)
 * @param workers  browsers that run flows side by side; 0 means as many as the machine carries
 *                 ({@link BrowserWorkers#auto})
 */
public record BrowserTuning(Duration idleStop, int workers) {
    static final Duration DEFAULT_IDLE_STOP = Duration.ofSeconds(60);

    public static BrowserTuning defaults() {
        return new BrowserTuning(DEFAULT_IDLE_STOP, 0);
    }

    /** @throws ConfigException naming each wrong key */
    public static BrowserTuning from(Config cloudvoter) {
        var section = cloudvoter.get("browser");
        var problems = new ArrayList<String>();
        Duration idleStop = DEFAULT_IDLE_STOP;
        var node = section.get("idle-stop");
        if (node.exists()) {
            var text = node.asString().orElse("").trim();
            if (text.equals("0") || text.equalsIgnoreCase("off") || text.equalsIgnoreCase("false")) {
                idleStop = Duration.ZERO;
            } else {
                try {
                    idleStop = Durations.parse(text);
                    if (idleStop.compareTo(Duration.ofSeconds(5)) < 0) {
                        problems.add("cloudvoter.browser.idle-stop: " + text + " is shorter than 5s (write 0 or off to never stop the browser)");
                    }
                } catch (IllegalArgumentException e) {
                    problems.add("cloudvoter.browser.idle-stop: " + e.getMessage());
                }
            }
        }
        int workers = 0;
        var workersNode = section.get("workers");
        if (workersNode.exists()) {
            var text = workersNode.asString().orElse("").trim();
            if (!text.equalsIgnoreCase("auto")) {
                try {
                    workers = Integer.parseInt(text);
                } catch (NumberFormatException e) {
                    workers = -1;
                }
                if (workers < 1 || workers > 8) {
                    problems.add("cloudvoter.browser.workers: '" + text + "' is not auto or a whole number from 1 to 8");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(List.copyOf(problems));
        }
        return new BrowserTuning(idleStop, workers);
    }
}
