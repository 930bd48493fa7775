package io.cloudvoter.agent.history;

/** The run store could not do what was asked; the message names the operation and the database file. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
