package io.cloudvoter.model.api;

import java.util.List;

/** {@code GET /api/alerts/channels}. */
public record AlertChannelList(List<AlertChannel> channels) {
}
