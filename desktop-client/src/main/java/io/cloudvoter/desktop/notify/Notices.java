package io.cloudvoter.desktop.notify;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.function.Consumer;

/**
 * The recent notices of the whole window (newest last, bounded), and the hook that forwards alerts
 * to the desktop's own notification area. FX thread only.
 */
public final class Notices {
    static final int KEEP = 200;

    private final ObservableList<Notice> recent = FXCollections.observableArrayList();
    /** One read-only view, kept: a view made per call would drop its listeners when collected. */
    private final ObservableList<Notice> recentView = FXCollections.unmodifiableObservableList(recent);
    private final Consumer<Notice> osNotifier;

    public Notices(Consumer<Notice> osNotifier) {
        this.osNotifier = osNotifier;
    }

    public ObservableList<Notice> recent() {
        return recentView;
    }

    public void post(Notice notice) {
        recent.add(notice);
        if (recent.size() > KEEP) {
            recent.remove(0, recent.size() - KEEP);
        }
        if (notice.alert()) {
            osNotifier.accept(notice);
        }
    }
}
