package io.cloudvoter.agent.alerts;

import io.cloudvoter.agent.alerts.channels.Channel;
import io.cloudvoter.agent.alerts.channels.ChatChannel;
import io.cloudvoter.agent.alerts.channels.EmailChannel;
import io.cloudvoter.agent.alerts.channels.NtfyChannel;
import io.cloudvoter.agent.alerts.channels.WebhookChannel;

/** Builds the channel each setting describes. */
final class ChannelFactory {
    private ChannelFactory() {
    }

    static Channel create(ChannelSettings s, String userAgent) {
        return switch (s.type()) {
            case WEBHOOK -> new WebhookChannel(s.name(), s.url(), s.secret(), s.timeout(), userAgent);
            case SLACK -> new ChatChannel(s.name(), s.url(), ChatChannel.Flavour.SLACK, s.timeout(), userAgent);
            case DISCORD -> new ChatChannel(s.name(), s.url(), ChatChannel.Flavour.DISCORD, s.timeout(), userAgent);
            case NTFY -> new NtfyChannel(s.name(), s.url(), s.secret(), s.timeout(), userAgent);
            case EMAIL -> new EmailChannel(s.name(), s.email(), s.timeout());
        };
    }
}
