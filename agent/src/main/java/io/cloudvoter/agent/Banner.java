package io.cloudvoter.agent;

/**
 * What an operator needs to connect, printed once at start on the console (never through the
 * logger, so the token stays out of log files). Without a terminal (systemd), only where the token is.
 */
final class Banner {
    private Banner() {
    }

    static void print(Agent agent) {
        var tokens = agent.tokens();
        var out = System.out;
        out.println();
        out.println("  CloudVoter agent ready");
        out.println("  URL:    " + agent.baseUrl());
        if (System.console() != null || Boolean.getBoolean("cloudvoter.showToken")) {
            out.println("  Token:  " + tokens.reveal());
        } else {
            out.println("  Token:  " + (tokens.fixed() ? "from CLOUDVOTER_TOKEN" : "in " + tokens.file()));
        }
        if (agent.config().demo()) {
            out.println("  Demo:   " + agent.baseUrl() + "/demo/  (three demo instances vote every 10s)");
        }
        out.println("  Health: " + agent.baseUrl() + "/api/health");
        out.println();
        out.flush();
    }
}
