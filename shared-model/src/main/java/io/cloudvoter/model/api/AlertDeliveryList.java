package io.cloudvoter.model.api;

import java.util.List;

/** {@code GET /api/alerts/deliveries}: newest first. */
public record AlertDeliveryList(List<AlertDelivery> deliveries) {
}
