package io.cloudvoter.desktop.logs;

import io.cloudvoter.desktop.concurrent.UiExecutor;
import io.cloudvoter.model.api.LogLine;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The live tail of one agent's log. The buffer is bounded ({@code capacity} lines, oldest dropped
 * first), lines arrive in batches (one list change per burst, which keeps the view smooth at
 * thousands of lines a second), and while paused new lines wait aside — also bounded — so the
 * operator can read without the text moving. FX thread only.
 */
public final class LogsModel {
    public static final int DEFAULT_CAPACITY = 5_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final int capacity;
    private final ObservableList<LogLine> lines = FXCollections.observableArrayList();
    /** One read-only view, kept: a view made per call would drop its listeners when collected. */
    private final ObservableList<LogLine> linesView = FXCollections.unmodifiableObservableList(lines);
    private final FilteredList<LogLine> visible = new FilteredList<>(lines);
    private final ObjectProperty<LogFilter> filter = new SimpleObjectProperty<>(LogFilter.ALL);
    private final BooleanProperty paused = new SimpleBooleanProperty();
    private final BooleanProperty follow = new SimpleBooleanProperty(true);
    private final ReadOnlyLongWrapper dropped = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper waiting = new ReadOnlyLongWrapper();
    private final ArrayDeque<LogLine> held = new ArrayDeque<>();
    private final UiExecutor executor;
    private final ZoneId zone;

    public LogsModel(int capacity, UiExecutor executor, ZoneId zone) {
        this.capacity = capacity;
        this.executor = executor;
        this.zone = zone;
        visible.predicateProperty().bind(filter);
        paused.addListener((o, was, is) -> {
            if (!is) {
                release();
            }
        });
    }

    /** The lines that pass the filter, oldest first. */
    public ObservableList<LogLine> visible() {
        return visible;
    }

    /** Every buffered line, oldest first. */
    public ObservableList<LogLine> all() {
        return linesView;
    }

    public ObjectProperty<LogFilter> filterProperty() {
        return filter;
    }

    public BooleanProperty pausedProperty() {
        return paused;
    }

    public BooleanProperty followProperty() {
        return follow;
    }

    /** Lines lost: dropped by the agent (too fast for the stream) or pushed out of a full buffer while paused. */
    public ReadOnlyLongProperty droppedProperty() {
        return dropped.getReadOnlyProperty();
    }

    /** Lines held back while paused. */
    public ReadOnlyLongProperty waitingProperty() {
        return waiting.getReadOnlyProperty();
    }

    public int capacity() {
        return capacity;
    }

    /** A snapshot's recent lines replace the buffer. */
    public void reset(List<LogLine> recent) {
        held.clear();
        waiting.set(0);
        lines.setAll(tail(recent, capacity));
    }

    /** A burst of new lines; {@code droppedByAgent} counts lines the agent could not send. */
    public void append(List<LogLine> batch, long droppedByAgent) {
        dropped.set(dropped.get() + droppedByAgent);
        if (batch.isEmpty()) {
            return;
        }
        if (paused.get()) {
            held.addAll(batch);
            while (held.size() > capacity) {
                held.removeFirst();
                dropped.set(dropped.get() + 1);
            }
            waiting.set(held.size());
            return;
        }
        add(tail(batch, capacity));
    }

    private void release() {
        if (!held.isEmpty()) {
            var batch = new ArrayList<>(held);
            held.clear();
            waiting.set(0);
            add(batch);
        }
    }

    private void add(List<LogLine> batch) {
        int overflow = lines.size() + batch.size() - capacity;
        if (overflow > 0) {
            lines.remove(0, overflow);
        }
        lines.addAll(batch);
    }

    /** Lines as plain text, one per line, for the clipboard or a file. */
    public String format(List<LogLine> selection) {
        var out = new StringBuilder();
        for (var l : selection) {
            out.append(format(l)).append('\n');
        }
        return out.toString();
    }

    public String format(LogLine l) {
        return (l.time() == null ? "" : TIME.format(l.time().atZone(zone))) + " " + l.level() + " " + message(l);
    }

    /** The line as the live view shows it: clock time, the level in a fixed width, the message. */
    public String formatShort(LogLine l) {
        return (l.time() == null ? "" : CLOCK.format(l.time().atZone(zone))) + "  "
                + String.format("%-7s", l.level() == null ? "" : l.level()) + "  " + message(l);
    }

    /** The agent starts messages about one instance with "[instance id] "; others get the tag added. */
    private static String message(LogLine l) {
        String m = l.message() == null ? "" : l.message();
        return l.instanceId() == null || m.startsWith("[instance ") ? m : "[instance " + l.instanceId() + "] " + m;
    }

    /** Saves the visible lines; the text is built now, the file written off the FX thread. */
    public void save(Path file, Consumer<Integer> done, Consumer<Throwable> failed) {
        var copy = List.copyOf(visible);
        String text = format(copy);
        executor.background(() -> {
            Files.writeString(file, text);
            return copy.size();
        }, done, failed);
    }

    private static <T> List<T> tail(List<T> list, int max) {
        return list.size() <= max ? list : list.subList(list.size() - max, list.size());
    }
}
