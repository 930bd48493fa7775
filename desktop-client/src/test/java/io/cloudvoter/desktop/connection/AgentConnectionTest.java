package io.cloudvoter.desktop.connection;

import io.cloudvoter.desktop.connection.ConnectionStatus.Phase;
import io.cloudvoter.desktop.testing.FakeClock;
import io.cloudvoter.desktop.testing.Fixtures;
import io.cloudvoter.desktop.testing.SameThreadExecutor;
import io.cloudvoter.desktop.testing.ScriptedStream;
import io.cloudvoter.model.api.AgentInfo;
import io.cloudvoter.model.api.InstanceState;
import io.cloudvoter.model.events.AgentEvent;
import io.cloudvoter.model.events.InstanceChanged;
import io.cloudvoter.model.events.MonitoringChanged;
import io.cloudvoter.model.events.Snapshot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.cloudvoter.desktop.testing.Fixtures.instance;
import static org.assertj.core.api.Assertions.assertThat;

class AgentConnectionTest {
    private final FakeClock clock = new FakeClock(Fixtures.T0);
    private final SameThreadExecutor executor = new SameThreadExecutor(clock);
    private final ScriptedStream stream = new ScriptedStream();
    private final List<AgentEvent> applied = new ArrayList<>();
    private AgentInfo agentNow = Fixtures.AGENT;
    private IOException statusFailure;
    private boolean healthAnswers;
    private AgentConnection connection;

    @BeforeEach
    void setUp() {
        var profile = new Profile("droplet", "http://127.0.0.1:8077/", "secret-token-0123456789");
        // no jitter: each delay is the top of its step
        connection = new AgentConnection(profile, stream, () -> {
            if (statusFailure != null) {
                throw statusFailure;
            }
            return agentNow;
        }, () -> healthAnswers, executor,
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), () -> 1.0), clock, applied::addAll);
    }

    private Snapshot snapshot(long seq) {
        return Fixtures.snapshot(seq, List.of(instance("poll-1", InstanceState.SCHEDULED, 0, 0)), List.of());
    }

    @Test
    void connectsToTheEventStreamAndAppliesTheSnapshotThenDeltas() {
        connection.open();
        assertThat(stream.opened()).containsExactly(URI.create("ws://127.0.0.1:8077/ws"));
        assertThat(connection.status().phase()).isEqualTo(Phase.CONNECTED);

        stream.push(snapshot(10));
        stream.push(new MonitoringChanged(11, Instant.now(), false));

        assertThat(applied).hasSize(2);
        assertThat(applied.get(0)).isInstanceOf(Snapshot.class);
        assertThat(applied.get(1)).isEqualTo(new MonitoringChanged(11, applied.get(1).time(), false));
        assertThat(connection.lastSeq()).isEqualTo(11);
    }

    @Test
    void skipsEventsItHasAlreadyApplied() {
        connection.open();
        stream.push(snapshot(10));
        stream.push(new MonitoringChanged(9, Instant.now(), false));
        stream.push(new MonitoringChanged(10, Instant.now(), false));
        stream.push(new MonitoringChanged(12, Instant.now(), true));

        assertThat(applied).extracting(AgentEvent::seq).containsExactly(10L, 12L);
    }

    @Test
    void skipsUnknownEventTypesAndMalformedFramesButKeepsTheirPlace() {
        connection.open();
        stream.push(snapshot(1));
        stream.pushText("{\"type\":\"from-the-future\",\"seq\":2,\"time\":\"2026-11-27T10:00:00Z\"}");
        stream.pushText("not json at all");
        stream.push(new MonitoringChanged(3, Instant.now(), false));

        assertThat(applied).extracting(AgentEvent::seq).containsExactly(1L, 3L);
        assertThat(connection.lastSeq()).isEqualTo(3);
    }

    @Test
    void whenTheLinkDropsItShowsWhyAndRetriesAfterABackoff() {
        connection.open();
        stream.push(snapshot(5));
        stream.drop(4000, "too slow: more than 2048 events waited; reconnect with since");

        var status = connection.status();
        assertThat(status.phase()).isEqualTo(Phase.RETRYING);
        assertThat(status.detail()).isEqualTo("the agent cut the link: this client fell behind (4000)");
        assertThat(status.retryAt()).isEqualTo(clock.instant().plusSeconds(1));
        assertThat(status.describe(clock.instant())).isEqualTo("Disconnected — retrying in 1 s");

        executor.advance(Duration.ofMillis(999));
        assertThat(stream.opened()).hasSize(1);
        executor.advance(Duration.ofMillis(1));
        assertThat(stream.opened()).hasSize(2);
        assertThat(stream.opened().getLast()).as("resumes after the last event").hasToString("ws://127.0.0.1:8077/ws?since=5");
        assertThat(connection.status().phase()).isEqualTo(Phase.CONNECTED);
    }

    @Test
    void anAgentThatStopsOrRefusesAFrameIsReconnectedToWithItsReasonShown() {
        connection.open();
        stream.push(snapshot(1_795_768_863_960_008L));
        stream.drop(1001, "the agent is stopping");
        assertThat(connection.status().phase()).isEqualTo(Phase.RETRYING);
        assertThat(connection.status().detail()).isEqualTo("the agent is stopping (1001)");
        executor.advance(Duration.ofSeconds(1));
        assertThat(stream.opened().getLast()).hasToString("ws://127.0.0.1:8077/ws?since=1795768863960008");

        stream.drop(1009, "");
        assertThat(connection.status().detail()).isEqualTo("a frame was over the size limit (1009)");
        executor.advance(Duration.ofSeconds(1));
        assertThat(stream.opened()).hasSize(3);
        assertThat(connection.status().phase()).isEqualTo(Phase.CONNECTED);
    }

    @Test
    void aRotatedTokenStopsTheRetriesAndAsksForTheNewToken() {
        connection.open();
        stream.push(snapshot(5));
        stream.drop(4001, "the token was rotated");

        var status = connection.status();
        assertThat(status.phase()).isEqualTo(Phase.NEEDS_TOKEN);
        assertThat(status.detail()).isEqualTo(AgentConnection.TOKEN_ROTATED);
        assertThat(status.describe(clock.instant())).isEqualTo("Token rotated — enter the new token");
        executor.advance(Duration.ofMinutes(10));
        assertThat(stream.opened()).as("no retry with the old token").hasSize(1);
        assertThat(executor.pendingTimers()).isZero();

        connection.open(); // the operator asks again
        assertThat(stream.opened()).hasSize(2);
        assertThat(connection.status().phase()).isEqualTo(Phase.CONNECTED);
    }

    @Test
    void aTokenRefusedOnTheStatusCallBeforeResumingAlsoStopsTheRetries() {
        connection.open();
        stream.push(snapshot(5));
        stream.drop(1001, "the agent is stopping");
        statusFailure = new ApiException(401, "missing or wrong token");
        executor.advance(Duration.ofSeconds(1));

        assertThat(connection.status().phase()).isEqualTo(Phase.NEEDS_TOKEN);
        assertThat(connection.status().detail()).isEqualTo(AgentConnection.TOKEN_REJECTED);
        executor.advance(Duration.ofMinutes(10));
        assertThat(stream.opened()).hasSize(1);
    }

    @Test
    void resumesAfterTheLastEventSeenWhenTheSameAgentIsThere() {
        connection.open();
        stream.push(snapshot(5));
        stream.push(new InstanceChanged(6, Instant.now(), instance("poll-1", InstanceState.RUNNING, 0, 0)));
        stream.drop(1006, null);
        executor.advance(Duration.ofSeconds(1));

        assertThat(stream.opened().getLast()).isEqualTo(URI.create("ws://127.0.0.1:8077/ws?since=6"));
        stream.push(new MonitoringChanged(7, Instant.now(), false));
        assertThat(applied).extracting(AgentEvent::seq).containsExactly(5L, 6L, 7L);
    }

    @Test
    void takesAFreshSnapshotWhenTheAgentRestartedMeanwhile() {
        connection.open();
        stream.push(snapshot(500));
        stream.drop(1001, "going away");
        agentNow = new AgentInfo("droplet-1", "0.1.0", 1, "droplet-1", Instant.parse("2026-11-27T09:30:00Z"), 5151);
        executor.advance(Duration.ofSeconds(1));

        assertThat(stream.opened().getLast()).isEqualTo(URI.create("ws://127.0.0.1:8077/ws"));
        stream.push(snapshot(3)); // a new process counts from the start again
        stream.push(new MonitoringChanged(4, Instant.now(), false));
        assertThat(applied).extracting(AgentEvent::seq).containsExactly(500L, 3L, 4L);
    }

    @Test
    void backsOffFurtherWhileTheAgentStaysDownAndStartsOverOnceBack() {
        connection.open();
        stream.push(snapshot(1));
        stream.drop(1006, null);
        for (int i = 0; i < 4; i++) {
            stream.failNext(new IOException("cannot open ws://127.0.0.1:8077/ws: Connection refused"));
        }
        var delays = new ArrayList<Duration>();
        for (int i = 0; i < 5; i++) {
            var s = connection.status();
            delays.add(Duration.between(clock.instant(), s.retryAt()));
            executor.advance(Duration.between(clock.instant(), s.retryAt()));
        }
        assertThat(delays).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(8));
        assertThat(connection.status().phase()).isEqualTo(Phase.CONNECTED);

        stream.drop(1006, null);
        assertThat(Duration.between(clock.instant(), connection.status().retryAt())).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aRejectedTokenIsShownAsTheReasonAndNotRetried() {
        stream.failNext(new EventStream.RefusedException(401, "the agent rejected the token (401)", null));
        connection.open();
        assertThat(connection.status().phase()).isEqualTo(Phase.NEEDS_TOKEN);
        assertThat(connection.status().detail()).isEqualTo(AgentConnection.TOKEN_REJECTED);
        assertThat(connection.status().describe(clock.instant())).isEqualTo("Token rejected — enter the new token");
        executor.advance(Duration.ofMinutes(10));
        assertThat(stream.opened()).hasSize(1);
    }

    @Test
    void aLockedOutAddressKeepsRetryingWithBackoff() {
        stream.failNext(new EventStream.RefusedException(429, "the agent locked this address out after repeated wrong tokens (429); retrying", null));
        connection.open();
        assertThat(connection.status().phase()).isEqualTo(Phase.RETRYING);
        executor.advance(Duration.ofSeconds(1));
        assertThat(connection.status().phase()).isEqualTo(Phase.CONNECTED);
    }

    @Test
    void pingsWhileQuietAndDropsALinkThatStaysSilent() {
        connection.open();
        stream.push(snapshot(1));
        executor.advance(AgentConnection.PING_EVERY);
        assertThat(stream.sent()).singleElement().asString().contains("\"type\":\"ping\"");

        executor.advance(AgentConnection.SILENCE_LIMIT);
        assertThat(connection.status().phase()).isEqualTo(Phase.RETRYING);
        assertThat(connection.status().detail()).isEqualTo("no answer from the agent for 45 s");
        assertThat(stream.isOpen()).isFalse();
    }

    @Test
    void closingStopsReconnecting() {
        connection.open();
        stream.drop(1006, null);
        connection.close();
        executor.advance(Duration.ofMinutes(5));

        assertThat(stream.opened()).hasSize(1);
        assertThat(connection.status().phase()).isEqualTo(Phase.CLOSED);
        assertThat(executor.pendingTimers()).isZero();
    }

    /** An agent down long enough for the backoff to reach 8 s, back while the client waits out that step. */
    private void downUntilTheBackoffIsLong() {
        connection.open();
        stream.push(snapshot(1));
        stream.drop(1001, "the agent is stopping");
        for (int i = 0; i < 3; i++) {
            stream.failNext(new IOException("cannot connect: Connection refused"));
            executor.advance(Duration.between(clock.instant(), connection.status().retryAt()));
        }
        assertThat(Duration.between(clock.instant(), connection.status().retryAt())).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void reconnectsWithinASecondOfTheAgentAnsweringHealthInsteadOfAfterTheBackoff() {
        downUntilTheBackoffIsLong();
        executor.advance(Duration.ofSeconds(2));
        assertThat(stream.opened()).as("no answer yet: no attempt").hasSize(4);

        healthAnswers = true;
        executor.advance(AgentConnection.HEALTH_PROBE_EVERY);
        assertThat(stream.opened()).hasSize(5);
        assertThat(connection.status().phase()).isEqualTo(Phase.CONNECTED);
        assertThat(connection.liveProperty().get()).isTrue();

        stream.drop(1006, null);
        assertThat(Duration.between(clock.instant(), connection.status().retryAt())).as("the backoff started over")
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anAgentThatAnswersHealthButNotTheStreamIsNotStormed() {
        downUntilTheBackoffIsLong();
        healthAnswers = true;
        stream.failNext(new IOException("cannot connect: the tunnel dropped the stream"));
        executor.advance(AgentConnection.HEALTH_PROBE_EVERY);
        assertThat(stream.opened()).as("one early attempt").hasSize(5);
        assertThat(connection.status().phase()).isEqualTo(Phase.RETRYING);
        Duration wait = Duration.between(clock.instant(), connection.status().retryAt());
        executor.advance(wait.minusMillis(1));
        assertThat(stream.opened()).as("then the backoff again, health or not").hasSize(5);
    }

    @Test
    void anAgentThatRefusedTheAttemptIsNotAskedForHealth() {
        healthAnswers = true;
        stream.failNext(new EventStream.RefusedException(429, "the agent locked this address out (429); retrying", null));
        connection.open();
        executor.advance(Duration.ofMillis(999));
        assertThat(stream.opened()).as("the lockout is waited out").hasSize(1);
    }

    @Test
    void retryNowStartsThePlannedAttemptAtOnceAndStaleIsVisibleMeanwhile() {
        connection.open();
        stream.push(snapshot(1));
        assertThat(connection.liveProperty().get()).isTrue();
        stream.drop(1006, null);
        assertThat(connection.liveProperty().get()).isFalse();
        assertThat(connection.retryingProperty().get()).isTrue();

        connection.retryNow();
        assertThat(stream.opened()).hasSize(2);
        assertThat(connection.liveProperty().get()).isTrue();
        assertThat(connection.retryingProperty().get()).isFalse();
    }
}
