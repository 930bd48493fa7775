package io.cloudvoter.desktop.connection;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;

/**
 * Whether what a view shows is live: every view of an agent binds {@link #liveProperty()} to look stale
 * while the link is down, and offers {@link #retryNow()} while it waits to reconnect.
 */
public interface Liveness {

    /** True while the event stream is connected. */
    ReadOnlyBooleanProperty liveProperty();

    ReadOnlyObjectProperty<ConnectionStatus> statusProperty();

    /** True while a retry is planned, so "Retry now" can start it at once. */
    ReadOnlyBooleanProperty retryingProperty();

    /** Starts the planned retry now, with the backoff started over. */
    void retryNow();
}
