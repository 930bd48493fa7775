package io.cloudvoter.agent.alerts;

import io.cloudvoter.agent.alerts.rules.AlertRule;
import io.cloudvoter.agent.alerts.rules.Verdict;
import io.cloudvoter.agent.events.EventBus;
import io.cloudvoter.agent.history.Database;
import io.cloudvoter.agent.testing.FakeClock;
import io.cloudvoter.model.api.AlertDelivery;
import io.cloudvoter.model.api.AlertSeverity;
import io.cloudvoter.model.api.AlertState;
import io.cloudvoter.model.events.AgentEvent;
import io.cloudvoter.model.events.AlertChanged;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert state machine on a real SQLite file and a clock the test moves: open once, repeat at
 * most every {@code repeat}, at once when worse, resolve, mute, and pick up again after a restart.
 * The channels' workers are not started: what matters here is what lands in the outbox.
 */
class AlertEngineTest {
    static final Duration REPEAT = Duration.ofHours(1);

    @TempDir
    Path dir;
    final FakeClock clock = new FakeClock(Instant.parse("2026-06-01T10:00:00Z"));
    final EventBus bus = new EventBus(clock);
    final List<AgentEvent> published = new CopyOnWriteArrayList<>();
    final List<Database> opened = new ArrayList<>();

    /** A rule that says what the test tells it to. */
    static final class Scripted implements AlertRule {
        final List<Verdict> next = new ArrayList<>();

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public List<Verdict> evaluate(Instant now, Set<String> open) {
            return List.copyOf(next);
        }
    }

    record Parts(AlertEngine engine, Outbox outbox, Mutes mutes) {
    }

    Parts engine(List<AlertRule> rules, Set<AlertSeverity> takes, List<MaintenanceWindow> windows) {
        var db = Database.open(dir.resolve("alerts.db"));
        opened.add(db);
        var channel = new ChannelSettings("ops", ChannelSettings.Type.WEBHOOK, URI.create("http://127.0.0.1:9/hook"), null,
                takes, Duration.ofSeconds(1), null);
        var outbox = new Outbox(db);
        var mutes = new Mutes(db, windows, clock);
        var dispatcher = new Dispatcher(List.of(), outbox, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), () -> 0.5),
                clock, new Secrets(List.of(channel)));
        var notifier = new Notifier(outbox, mutes, List.of(channel), dispatcher, new Notifier.Sender("a", "h", "u"), clock,
                Duration.ofHours(24));
        return new Parts(new AlertEngine(rules, new AlertStore(db), notifier, bus, clock, REPEAT), outbox, mutes);
    }

    @AfterEach
    void close() {
        opened.forEach(Database::close);
    }

    static List<String> kinds(Outbox outbox) {
        return outbox.list(null, null, 100).reversed().stream().map(d -> d.kind() + "/" + d.state()).toList();
    }

    @Test
    void anAlertOpensOnceRepeatsAtMostEveryRepeatAtOnceWhenWorseAndResolves() {
        bus.subscribe(e -> published.add(e));
        var rule = new Scripted();
        var p = engine(List.of(rule), EnumSet.allOf(AlertSeverity.class), List.of());
        rule.next.add(Verdict.firing("scripted:x", AlertSeverity.WARNING, "x is bad", "x", "f"));
        p.engine().step(List.of(), clock.instant());
        p.engine().step(List.of(), clock.instant());
        assertThat(kinds(p.outbox())).containsExactly("OPEN/PENDING");

        clock.advance(REPEAT.minusSeconds(1));
        p.engine().step(List.of(), clock.instant());
        assertThat(kinds(p.outbox())).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        p.engine().step(List.of(), clock.instant());
        assertThat(kinds(p.outbox())).containsExactly("OPEN/PENDING", "REPEAT/PENDING");

        rule.next.set(0, Verdict.firing("scripted:x", AlertSeverity.CRITICAL, "x is worse", "x", "f"));
        clock.advance(Duration.ofMinutes(1));
        p.engine().step(List.of(), clock.instant());
        assertThat(kinds(p.outbox())).containsExactly("OPEN/PENDING", "REPEAT/PENDING", "REPEAT/PENDING");

        rule.next.set(0, Verdict.clear("scripted:x", "x is fine"));
        p.engine().step(List.of(), clock.instant());
        p.engine().step(List.of(), clock.instant());
        assertThat(kinds(p.outbox())).containsExactly("OPEN/PENDING", "REPEAT/PENDING", "REPEAT/PENDING", "RESOLVED/PENDING");
        var last = p.outbox().list(null, null, 1).getFirst();
        assertThat(last.severity()).isEqualTo(AlertSeverity.CRITICAL);

        var changes = published.stream().filter(AlertChanged.class::isInstance).map(e -> ((AlertChanged) e).alert()).toList();
        assertThat(changes.getLast().state()).isEqualTo(AlertState.RESOLVED);
        assertThat(changes.getLast().message()).isEqualTo("x is fine");
        assertThat(changes.getLast().notifications()).isEqualTo(4);
        assertThat(changes).extracting(a -> a.id()).containsOnly(changes.getFirst().id());

        // The same condition again later is a new alert, a new episode in the history.
        rule.next.set(0, Verdict.firing("scripted:x", AlertSeverity.WARNING, "x is bad again", "x", "f"));
        p.engine().step(List.of(), clock.instant());
        assertThat(kinds(p.outbox())).last().isEqualTo("OPEN/PENDING");
        assertThat(p.engine().openAlerts()).singleElement().satisfies(a -> assertThat(a.id()).isGreaterThan(changes.getFirst().id()));
    }

    @Test
    void anAlertNoChannelHeardOfResolvesSilently() {
        var rule = new Scripted();
        var p = engine(List.of(rule), EnumSet.of(AlertSeverity.CRITICAL), List.of());
        rule.next.add(Verdict.firing("scripted:x", AlertSeverity.WARNING, "x is bad", "x", "f"));
        p.engine().step(List.of(), clock.instant());
        rule.next.set(0, Verdict.clear("scripted:x", "x is fine"));
        p.engine().step(List.of(), clock.instant());
        assertThat(kinds(p.outbox())).isEmpty();
    }

    @Test
    void aMaintenanceWindowRecordsNotificationsAsMutedAndTheAlertGoesOutWhenItEnds() {
        var rule = new Scripted();
        var window = new MaintenanceWindow(Set.of(), LocalTime.of(9, 30), LocalTime.of(10, 30), ZoneOffset.UTC, Scope.AGENT);
        var p = engine(List.of(rule), EnumSet.allOf(AlertSeverity.class), List.of(window));
        rule.next.add(Verdict.firing("scripted:x", AlertSeverity.WARNING, "x is bad", "x", "f"));
        p.engine().step(List.of(), clock.instant());
        clock.advance(Duration.ofMinutes(10));
        p.engine().step(List.of(), clock.instant());
        assertThat(kinds(p.outbox())).containsExactly("OPEN/MUTED");
        AlertDelivery muted = p.outbox().list(null, null, 1).getFirst();
        assertThat(muted.lastError()).startsWith("maintenance window daily 09:30–10:30 Z (agent) until 2026-06-01T10:30:00Z");
        assertThat(p.engine().openAlerts().getFirst().muted()).isEqualTo(muted.lastError());

        clock.advance(Duration.ofMinutes(21)); // 10:31, the window is over
        p.engine().step(List.of(), clock.instant());
        assertThat(kinds(p.outbox())).containsExactly("OPEN/MUTED", "OPEN/PENDING");
        assertThat(p.engine().openAlerts().getFirst().muted()).isNull();
    }

    @Test
    void aMuteCoversItsScopeOnly() {
        var rule = new Scripted();
        var p = engine(List.of(rule), EnumSet.allOf(AlertSeverity.class), List.of());
        p.mutes().add(Scope.parse("flow:f"), clock.instant().plus(Duration.ofHours(2)));
        rule.next.add(Verdict.firing("scripted:x", AlertSeverity.WARNING, "x is bad", "x", "f"));
        rule.next.add(Verdict.firing("scripted:y", AlertSeverity.WARNING, "y is bad", "y", "g"));
        p.engine().step(List.of(), clock.instant());
        var byKey = p.outbox().list(null, null, 10);
        assertThat(byKey).filteredOn(d -> d.alertKey().equals("scripted:x")).singleElement()
                .satisfies(d -> assertThat(d.state()).isEqualTo("MUTED"));
        assertThat(byKey).filteredOn(d -> d.alertKey().equals("scripted:y")).singleElement()
                .satisfies(d -> assertThat(d.state()).isEqualTo("PENDING"));
    }

    @Test
    void aRestartPicksOpenAlertsUpAndResolvesThoseOfRulesNowSwitchedOff() {
        var rule = new Scripted();
        var first = engine(List.of(rule), EnumSet.allOf(AlertSeverity.class), List.of());
        rule.next.add(Verdict.firing("scripted:x", AlertSeverity.WARNING, "x is bad", "x", "f"));
        first.engine().step(List.of(), clock.instant());
        close();
        opened.clear();

        var again = engine(List.of(rule), EnumSet.allOf(AlertSeverity.class), List.of());
        again.engine().step(List.of(), clock.instant());
        assertThat(kinds(again.outbox())).containsExactly("OPEN/PENDING");
        assertThat(again.engine().openAlerts()).hasSize(1);
        close();
        opened.clear();

        var without = engine(List.of(), EnumSet.allOf(AlertSeverity.class), List.of());
        assertThat(without.engine().openAlerts()).isEmpty();
        assertThat(kinds(without.outbox())).containsExactly("OPEN/PENDING", "RESOLVED/PENDING");
        assertThat(new AlertStore(opened.getFirst()).list(false, 10).getFirst().message()).isEqualTo("the rule scripted is switched off");
    }
}
