package io.cloudvoter.model.api;

import java.util.List;

/** {@code GET /api/alerts?state=open|all}: newest first. */
public record AlertList(List<Alert> alerts) {
}
