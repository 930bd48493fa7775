package io.cloudvoter.agent.alerts.channels;

/** A receiver did not take a notification; the message says why in a few words (secrets are masked by the caller). */
public final class DeliveryFailure extends Exception {
    public DeliveryFailure(String message) {
        super(message, null, false, false);
    }
}
