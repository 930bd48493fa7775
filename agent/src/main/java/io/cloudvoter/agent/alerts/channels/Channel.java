package io.cloudvoter.agent.alerts.channels;

/** Where notifications go. Each channel is driven by one thread of its own, so a slow one delays nobody else. */
public interface Channel extends AutoCloseable {
    String name();

    /**
     * Sends one notification, within the channel's timeout.
     *
     * @param payload the notification as JSON, byte for byte what the webhook sends (and signs)
     * @throws DeliveryFailure      when the receiver did not take it
     * @throws InterruptedException when the agent is stopping; the notification stays in the outbox
     */
    void send(String payload, Notification notification) throws DeliveryFailure, InterruptedException;

    @Override
    void close();
}
