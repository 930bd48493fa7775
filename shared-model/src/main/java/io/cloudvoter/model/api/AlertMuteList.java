package io.cloudvoter.model.api;

import java.util.List;

/** {@code GET /api/alerts/mutes}: the mutes in force now, maintenance windows included. */
public record AlertMuteList(List<AlertMute> mutes) {
}
