package io.cloudvoter.agent.logging;

import io.cloudvoter.agent.events.EventBus;
import io.cloudvoter.model.events.AgentEvent;
import io.cloudvoter.model.events.LogEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LogStreamTest {
    static final Logger LOG = Logger.getLogger("io.cloudvoter.test.LogStreamTest");
    static final String TOKEN = "f00dfeedcafebabe0123456789abcdef";

    final EventBus bus = new EventBus(Clock.systemUTC());
    final List<LogEvent> events = new CopyOnWriteArrayList<>();
    final List<LogEvent> everything = new CopyOnWriteArrayList<>();
    final AtomicReference<String> token = new AtomicReference<>(TOKEN);
    LogStream stream;

    LogStream start(int rate) {
        bus.subscribe((AgentEvent e) -> e instanceof LogEvent l && l.line().logger().equals("LogStreamTest") ? events.add(l) : true);
        bus.subscribe((AgentEvent e) -> e instanceof LogEvent l ? everything.add(l) : true);
        stream = new LogStream(bus, new Redactor(token::get), Level.INFO, rate).attach();
        return stream;
    }

    @AfterEach
    void stop() {
        stream.close();
    }

    @Test
    void aLogRecordBecomesALogEventWithItsLevelLoggerAndInstance() {
        start(100);
        LOG.warning("[instance poll-1] could not start a run");
        LOG.info("agent-wide line");
        LOG.fine("below the streamed level");
        await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= 2);
        var first = events.getFirst().line();
        assertThat(first.level()).isEqualTo("WARNING");
        assertThat(first.logger()).isEqualTo("LogStreamTest");
        assertThat(first.instanceId()).isEqualTo("poll-1");
        assertThat(first.message()).isEqualTo("could not start a run");
        assertThat(events.get(1).line().instanceId()).isNull();
        assertThat(events).extracting(e -> e.line().message()).doesNotContain("below the streamed level");
    }

    @Test
    void theConsoleAndEveryOtherHandlerGetTheSameRedactedLineAsTheStream() {
        var console = new java.io.ByteArrayOutputStream();
        var handler = new java.util.logging.StreamHandler(console, new LogFormat());
        Logger.getLogger("").addHandler(handler);
        try {
            start(100);
            LOG.warning("request GET /api/" + TOKEN + " failed; Authorization: Bearer " + TOKEN);
            LOG.log(Level.WARNING, "failed", new IllegalStateException("the token " + TOKEN + " in a stack trace"));
            handler.flush();
            var written = console.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(written).contains("request GET /api/[redacted] failed").contains("[redacted] in a stack trace")
                    .doesNotContain(TOKEN);
        } finally {
            Logger.getLogger("").removeHandler(handler);
        }
    }

    @Test
    void tokensAndStorageStateContentsNeverLeaveInALogEvent() {
        start(100);
        LOG.info("presented " + TOKEN + " with Authorization: Bearer abc.def-ghi and bearer.sub-proto-token");
        LOG.info("bad upload: {\"cookies\":[{\"name\":\"sid\",\"value\":\"s3cr3t-cookie\",\"domain\":\"x\"}],"
                + "\"origins\":[{\"origin\":\"https://x\",\"localStorage\":[{\"name\":\"k\",\"value\":\"l0cal-value\"}]}]}");
        LOG.log(Level.WARNING, "login failed for password=hunter2&user=ann", new IllegalStateException("token=abcdef123456"));
        token.set("0123456789rotated0123456789");
        LOG.info("after rotation the old " + TOKEN + " and the new 0123456789rotated0123456789 stay hidden");
        await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= 4);
        var all = String.join("\n", events.stream().map(e -> e.line().message()).toList());
        assertThat(all).doesNotContain(TOKEN, "abc.def-ghi", "sub-proto-token", "s3cr3t-cookie", "l0cal-value", "hunter2",
                "abcdef123456", "0123456789rotated0123456789");
        assertThat(all).contains("\"name\":\"sid\"", "IllegalStateException", "user=ann", "[redacted]");
    }

    @Test
    void aBurstIsBoundedAndWhatWasDroppedIsCountedAndReported() {
        start(20);
        for (int i = 0; i < 1_000; i++) {
            LOG.info("burst line " + i);
        }
        // once the burst is over, the count of what was not streamed goes out (on a line or a note of its own)
        await().atMost(Duration.ofSeconds(15)).until(() -> stream.dropped() > 0 && reported() == stream.dropped());
        long streamed = events.stream().filter(e -> e.line().message().startsWith("burst line")).count();
        assertThat(streamed).isLessThan(1_000).isGreaterThan(0);
        assertThat(stream.dropped()).isGreaterThanOrEqualTo(1_000 - streamed);
    }

    private long reported() {
        return everything.stream().mapToLong(LogEvent::dropped).sum();
    }
}
