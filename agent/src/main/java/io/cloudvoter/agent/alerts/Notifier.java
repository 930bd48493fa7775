package io.cloudvoter.agent.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cloudvoter.agent.alerts.channels.Notification;
import io.cloudvoter.model.Json;
import io.cloudvoter.model.api.Alert;
import io.cloudvoter.model.api.AlertState;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns an alert's open, repeat or resolve into one outbox row per channel that takes its
 * severity, each with its own delivery id, then wakes those channels' workers. A muted
 * notification is written too, as {@code MUTED}, and never sent.
 */
final class Notifier {
    private static final Logger LOG = Logger.getLogger(Notifier.class.getName());

    /** Who sends: the agent's name, host and address, in every payload. */
    record Sender(String agent, String host, String url) {
    }

    private final Outbox outbox;
    private final Mutes mutes;
    private final List<ChannelSettings> channels;
    private final Dispatcher dispatcher;
    private final Sender sender;
    private final Clock clock;
    private final Duration expireAfter;

    Notifier(Outbox outbox, Mutes mutes, List<ChannelSettings> channels, Dispatcher dispatcher, Sender sender, Clock clock,
             Duration expireAfter) {
        this.outbox = outbox;
        this.mutes = mutes;
        this.channels = channels;
        this.dispatcher = dispatcher;
        this.sender = sender;
        this.clock = clock;
        this.expireAfter = expireAfter;
    }

    /**
     * What became of a notification.
     *
     * @param channels how many channels it was queued (or, muted, recorded) for
     * @param mutedBy  why it was not sent, or null
     */
    record Queued(int channels, String mutedBy) {
        boolean sent() {
            return channels > 0 && mutedBy == null;
        }
    }

    /** Queues the notification for every channel that takes the alert's severity, unless a mute covers it. */
    Queued notify(Alert alert, Delivery.Kind kind) {
        Instant now = clock.instant();
        String muted = mutes.reason(alert, now).orElse(null);
        int n = 0;
        for (var c : channels) {
            if (c.takes(alert.severity())) {
                queue(alert, kind, c.name(), muted, now);
                n++;
            }
        }
        return new Queued(n, muted);
    }

    /** Why a notification about {@code alert} would be muted now, without recording anything. */
    Optional<String> mutedBy(Alert alert) {
        return mutes.reason(alert, clock.instant());
    }

    /** A test notification for one channel, never muted. */
    Delivery test(ChannelSettings channel) {
        Instant now = clock.instant();
        var alert = new Alert(0, "test", "test", io.cloudvoter.model.api.AlertSeverity.INFO, AlertState.OPEN,
                "a test notification from " + sender.agent() + ", sent on the operator's request", null, null,
                now, now, null, null, 0, null);
        return queue(alert, Delivery.Kind.TEST, channel.name(), null, now);
    }

    private Delivery queue(Alert alert, Delivery.Kind kind, String channel, String mutedBy, Instant now) {
        String id = UUID.randomUUID().toString();
        var n = new Notification(id, kind.name().toLowerCase(Locale.ROOT), alert.id(), alert.key(), alert.rule(),
                alert.state().name().toLowerCase(Locale.ROOT), alert.severity().key(), sender.agent(), sender.host(),
                sender.url(), alert.instanceId(), alert.flow(), alert.message(), alert.openedAt(), alert.resolvedAt(), now);
        String payload;
        try {
            payload = Json.mapper().writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notification is always JSON", e);
        }
        var d = new Delivery(0, id, alert.key(), channel, kind, alert.severity(), payload,
                mutedBy == null ? Delivery.State.PENDING : Delivery.State.MUTED, 0, now, now, now.plus(expireAfter), null, mutedBy);
        if (kind == Delivery.Kind.TEST) {
            dispatcher.firstTry(channel, id);
        }
        try {
            d = outbox.add(d);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not write notification " + id + " (" + alert.key() + ") to the outbox;"
                    + " trying it from memory (lost if the agent stops first)", e);
            if (mutedBy == null) {
                dispatcher.worker(channel).ifPresent(w -> w.keepUnstored(new Delivery(0, id, alert.key(), channel, kind,
                        alert.severity(), payload, Delivery.State.PENDING, 0, now, now, now.plus(expireAfter), null, null)));
            }
            return d;
        }
        if (mutedBy == null) {
            dispatcher.wake(channel);
        }
        return d;
    }
}
