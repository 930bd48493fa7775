package io.cloudvoter.desktop.app;

import io.cloudvoter.desktop.concurrent.UiExecutor;
import io.cloudvoter.desktop.connection.Backoff;
import io.cloudvoter.desktop.connection.EventStream;
import io.cloudvoter.desktop.connection.Profile;
import io.cloudvoter.desktop.connection.ProfileBook;
import io.cloudvoter.desktop.notify.Notices;
import io.cloudvoter.desktop.session.AgentSession;
import io.cloudvoter.desktop.ssh.SshFiles;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Supplier;

/** The agents this window is connected to, and which one the views show. FX thread only. */
public final class Workbench {
    private final ObservableList<AgentSession> sessions = FXCollections.observableArrayList();
    private final ObjectProperty<AgentSession> current = new SimpleObjectProperty<>();
    private final HttpClient http;
    private final EventStream stream;
    private final UiExecutor executor;
    private final Clock clock;
    private final ZoneId zone;
    private final Supplier<Backoff> backoff;
    private final Notices notices;
    private SshFiles sshFiles = SshFiles.ofUser();

    public Workbench(HttpClient http, EventStream stream, UiExecutor executor, Clock clock, ZoneId zone,
                     Supplier<Backoff> backoff, Notices notices) {
        this.http = http;
        this.stream = stream;
        this.executor = executor;
        this.clock = clock;
        this.zone = zone;
        this.backoff = backoff;
        this.notices = notices;
    }

    /** Where SSH profiles find known_hosts, their config and default keys (the operator's ~/.ssh unless told). */
    public void sshFiles(SshFiles files) {
        this.sshFiles = files;
    }

    public ObservableList<AgentSession> sessions() {
        return sessions;
    }

    public ObjectProperty<AgentSession> currentProperty() {
        return current;
    }

    public AgentSession current() {
        return current.get();
    }

    public UiExecutor executor() {
        return executor;
    }

    public Clock clock() {
        return clock;
    }

    public ZoneId zone() {
        return zone;
    }

    public Notices notices() {
        return notices;
    }

    /**
     * Connects to the profile's agent and shows it. Sessions are known by the profile's name: a session of
     * that name is kept when the profile is the same, and replaced in place when it changed (a new token
     * after a rotation, a new URL). Another name is another session, even for the same URL.
     */
    public AgentSession connect(Profile profile) {
        var existing = find(profile.name());
        if (existing.isPresent()) {
            var session = existing.get().profile().equals(profile) ? existing.get() : replace(existing.get(), profile);
            current.set(session);
            return session;
        }
        var session = new AgentSession(profile, http, stream, executor, clock, zone, backoff.get(), notices::post,
                sshFiles, backoff.get());
        sessions.add(session);
        session.open();
        if (current.get() == null) {
            current.set(session);
        }
        return session;
    }

    /** Keeps the open sessions in step with the book: a deleted entry is disconnected, an edited one reconnected. */
    public void follow(ProfileBook book) {
        book.addListener(this::profileChanged);
    }

    private void profileChanged(Profile before, Profile after) {
        if (before == null) {
            return; // a new entry is opened when the operator asks for it
        }
        var open = find(before.name());
        if (open.isEmpty()) {
            return;
        }
        if (after == null) {
            disconnect(open.get());
            return;
        }
        var other = find(after.name());
        if (other.isPresent() && other.get() != open.get()) {
            disconnect(open.get());
        }
        var target = other.orElse(open.get());
        if (!target.profile().equals(after)) {
            replace(target, after);
        }
    }

    private AgentSession replace(AgentSession old, Profile profile) {
        boolean wasCurrent = current.get() == old;
        var session = new AgentSession(profile, http, stream, executor, clock, zone, backoff.get(), notices::post,
                sshFiles, backoff.get());
        old.close();
        sessions.set(sessions.indexOf(old), session);
        session.open();
        if (wasCurrent) {
            current.set(session);
        }
        return session;
    }

    public Optional<AgentSession> find(String name) {
        return sessions.stream().filter(s -> s.profile().name().equals(name)).findFirst();
    }

    public void disconnect(AgentSession session) {
        session.close();
        sessions.remove(session);
        if (current.get() == session) {
            current.set(sessions.isEmpty() ? null : sessions.getFirst());
        }
    }

    public void tick() {
        for (var s : sessions) {
            s.instances().tick();
        }
    }

    public void closeAll() {
        for (var s : java.util.List.copyOf(sessions)) {
            s.close();
        }
    }
}
