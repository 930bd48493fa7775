package io.cloudvoter.agent.browser;

/** Chromium could not be started; the message says which executable and why. */
public final class BrowserUnavailableException extends RuntimeException {
    public BrowserUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
