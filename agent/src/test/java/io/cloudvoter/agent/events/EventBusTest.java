package io.cloudvoter.agent.events;

import io.cloudvoter.model.Protocol;
import io.cloudvoter.model.api.InstanceState;
import io.cloudvoter.model.api.InstanceStatus;
import io.cloudvoter.model.api.LogLine;
import io.cloudvoter.model.events.AgentEvent;
import io.cloudvoter.model.events.InstanceChanged;
import io.cloudvoter.model.events.InstanceRemoved;
import io.cloudvoter.model.events.LogEvent;
import io.cloudvoter.model.events.MonitoringChanged;
import io.cloudvoter.model.events.Snapshot;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class EventBusTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T10:00:00Z"), ZoneOffset.UTC);
    static final EventBus.SnapshotFactory SNAPSHOTS = (seq, time, state) -> new Snapshot(seq, time, Protocol.VERSION, null,
            state.monitoring(), 1, null, state.instances(), state.flowErrors(), List.of(), List.of(), state.logs());

    /** Collects what it is offered, and says no once {@code capacity} items wait. */
    static final class Collector implements EventBus.Subscriber {
        final List<AgentEvent> got = new ArrayList<>();
        final int capacity;
        boolean overflowed;

        Collector(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public synchronized boolean offer(AgentEvent event) {
            if (got.size() >= capacity) {
                return false;
            }
            return got.add(event);
        }

        @Override
        public void overflowed() {
            overflowed = true;
        }

        synchronized List<AgentEvent> events() {
            return List.copyOf(got);
        }
    }

    static InstanceStatus instance(String id, InstanceState state) {
        return new InstanceStatus(id, "f", "api", true, null, state, null, null, null, null, null, null, 0, 0, 0, 0, false);
    }

    static AgentEvent.Factory log(String text) {
        return (seq, time) -> new LogEvent(seq, time, new LogLine(time, "INFO", "test", null, text), 0);
    }

    @Test
    void aNewSubscriberGetsTheFoldedStateAtTheLastSeqThenEveryLaterEvent() {
        var bus = new EventBus(CLOCK, 500, 64, new StreamState.Limits(2, 2, 2));
        bus.seed(List.of(instance("a", InstanceState.SCHEDULED)), true, List.of());
        bus.publish((seq, time) -> new InstanceChanged(seq, time, instance("b", InstanceState.QUEUED)));
        bus.publish((seq, time) -> new InstanceChanged(seq, time, instance("a", InstanceState.RUNNING)));
        bus.publish((seq, time) -> new InstanceRemoved(seq, time, "b"));
        bus.publish((seq, time) -> new MonitoringChanged(seq, time, false));
        bus.publish(log("one"));
        bus.publish(log("two"));
        bus.publish(log("three"));

        var c = new Collector(100);
        var start = bus.join(c, OptionalLong.empty(), 32, SNAPSHOTS);
        bus.publish(log("after"));

        assertThat(start).isEqualTo(new EventBus.Start.FromSnapshot(507));
        var snapshot = (Snapshot) c.events().getFirst();
        assertThat(snapshot.seq()).isEqualTo(507);
        assertThat(snapshot.monitoring()).isFalse();
        assertThat(snapshot.instances()).containsExactly(instance("a", InstanceState.RUNNING));
        assertThat(snapshot.logs()).extracting(LogLine::message).containsExactly("two", "three");
        assertThat(c.events().get(1).seq()).isEqualTo(508);
    }

    @Test
    void aResumeInsideTheBufferReplaysOnlyTheMissedEvents() {
        var bus = new EventBus(CLOCK, 0, 64, StreamState.Limits.DEFAULT);
        for (int i = 0; i < 10; i++) {
            bus.publish(log("e" + i));
        }
        var c = new Collector(100);
        var start = bus.join(c, OptionalLong.of(6), 32, SNAPSHOTS);
        bus.publish(log("e10"));

        assertThat(start).isEqualTo(new EventBus.Start.Replayed(6, 4));
        assertThat(c.events()).extracting(AgentEvent::seq).containsExactly(7L, 8L, 9L, 10L, 11L);
        assertThat(c.events()).noneMatch(e -> e instanceof Snapshot);
    }

    @Test
    void aResumeAtTheLastSeqReplaysNothingAndMissesNothing() {
        var bus = new EventBus(CLOCK, 0, 64, StreamState.Limits.DEFAULT);
        bus.publish(log("x"));
        var c = new Collector(100);
        assertThat(bus.join(c, OptionalLong.of(1), 32, SNAPSHOTS)).isEqualTo(new EventBus.Start.Replayed(1, 0));
        bus.publish(log("y"));
        assertThat(c.events()).extracting(AgentEvent::seq).containsExactly(2L);
    }

    @Test
    void aGapOlderThanTheBufferAFutureSeqOrTooLongAReplayGetsASnapshot() {
        var bus = new EventBus(CLOCK, 1000, 8, StreamState.Limits.DEFAULT);
        for (int i = 0; i < 20; i++) {
            bus.publish(log("e" + i));
        }
        // buffer holds 1013..1020: resuming after 1012 still works, after 1011 does not
        assertThat(bus.join(new Collector(100), OptionalLong.of(1012), 32, SNAPSHOTS)).isInstanceOf(EventBus.Start.Replayed.class);
        assertThat(bus.join(new Collector(100), OptionalLong.of(1011), 32, SNAPSHOTS)).isEqualTo(new EventBus.Start.FromSnapshot(1020));
        assertThat(bus.join(new Collector(100), OptionalLong.of(5), 32, SNAPSHOTS))
                .as("a seq from an earlier run of the agent").isEqualTo(new EventBus.Start.FromSnapshot(1020));
        assertThat(bus.join(new Collector(100), OptionalLong.of(1021), 32, SNAPSHOTS))
                .as("a seq this run never reached").isEqualTo(new EventBus.Start.FromSnapshot(1020));
        assertThat(bus.join(new Collector(100), OptionalLong.of(1014), 3, SNAPSHOTS))
                .as("more missed events than the client may be replayed").isEqualTo(new EventBus.Start.FromSnapshot(1020));
    }

    @Test
    void aSubscriberThatCannotTakeMoreIsRemovedAndTold() {
        var bus = new EventBus(CLOCK);
        var slow = new Collector(2);
        var fast = new Collector(100);
        bus.subscribe(slow);
        bus.subscribe(fast);
        for (int i = 0; i < 5; i++) {
            bus.publish(log("e" + i));
        }
        assertThat(slow.overflowed).isTrue();
        assertThat(slow.events()).hasSize(2);
        assertThat(fast.events()).extracting(AgentEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(bus.subscribers()).isEqualTo(1);
    }

    @Test
    void joiningWhilePublishersRunNeverLosesOrRepeatsAnEvent() throws Exception {
        var bus = new EventBus(CLOCK, 0, 4096, StreamState.Limits.DEFAULT);
        var running = new AtomicBoolean(true);
        var started = new CountDownLatch(2);
        var publishers = new ArrayList<Thread>();
        for (int p = 0; p < 2; p++) {
            publishers.add(Thread.ofPlatform().start(() -> {
                started.countDown();
                for (int n = 0; n < 20_000 && running.get(); n++) { // bounded: every collector keeps what it gets
                    bus.publish(log("busy"));
                }
            }));
        }
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        var joined = new ConcurrentLinkedQueue<Collector>();
        for (int i = 0; i < 200; i++) {
            var c = new Collector(Integer.MAX_VALUE);
            bus.join(c, i % 2 == 0 ? OptionalLong.empty() : OptionalLong.of(bus.lastSeq() - 5), 1000, SNAPSHOTS);
            joined.add(c);
        }
        running.set(false);
        for (var t : publishers) {
            t.join(10_000);
        }
        long last = bus.lastSeq();
        for (var c : joined) {
            var events = c.events();
            long expected = events.getFirst() instanceof Snapshot s ? s.seq() + 1 : events.getFirst().seq();
            for (var e : events.subList(events.getFirst() instanceof Snapshot ? 1 : 0, events.size())) {
                assertThat(e.seq()).isEqualTo(expected++);
            }
            assertThat(expected - 1).isEqualTo(last);
        }
    }
}
