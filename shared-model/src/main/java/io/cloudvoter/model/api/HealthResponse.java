package io.cloudvoter.model.api;

import java.util.List;

/**
 * {@code GET /api/health}: {@code UP} when every check passes, {@code DOWN} otherwise (with status 503).
 */
public record HealthResponse(String status, String version, List<HealthCheck> checks) {

    /** One check: its name, whether it passes and, when it does not, why. */
    public record HealthCheck(String name, boolean up, String detail) {
    }
}
