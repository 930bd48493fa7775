package io.cloudvoter.desktop.connection;

import java.io.IOException;

/** The agent answered a REST call with an error; {@code status} is the HTTP status (0 when it was not reached). */
public final class ApiException extends IOException {
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public ApiException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    public int status() {
        return status;
    }

    public boolean unauthorized() {
        return status == 401;
    }
}
