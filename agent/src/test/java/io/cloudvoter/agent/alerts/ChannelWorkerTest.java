package io.cloudvoter.agent.alerts;

import io.cloudvoter.agent.alerts.channels.Channel;
import io.cloudvoter.agent.alerts.channels.Notification;
import io.cloudvoter.agent.history.Database;
import io.cloudvoter.model.api.AlertSeverity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The API's test button waits for a test notification's first try, however soon the channel's worker makes it. */
class ChannelWorkerTest {
    @TempDir
    Path dir;
    private Database db;
    private Dispatcher dispatcher;

    @AfterEach
    void close() {
        if (dispatcher != null) {
            dispatcher.close(Duration.ofSeconds(1));
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aFirstTryThatEndedBeforeTheCallerAskedIsStillItsAnswer() throws Exception {
        db = Database.open(dir.resolve("alerts.db"));
        var outbox = new Outbox(db);
        var sent = new CopyOnWriteArrayList<String>();
        var settings = new ChannelSettings("hook", ChannelSettings.Type.WEBHOOK, URI.create("http://127.0.0.1:9/hook"), null,
                Set.of(AlertSeverity.INFO), Duration.ofSeconds(1), null);
        Channel fast = new Channel() {
            @Override
            public String name() {
                return "hook";
            }

            @Override
            public void send(String payload, Notification notification) {
                sent.add(notification.event());
            }

            @Override
            public void close() {
            }
        };
        var clock = Clock.systemUTC();
        dispatcher = new Dispatcher(List.of(fast), outbox, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), () -> 0.5),
                clock, new Secrets(List.of(settings)));
        var notifier = new Notifier(outbox, new Mutes(db, List.of(), clock), List.of(settings), dispatcher,
                new Notifier.Sender("a", "h", "u"), clock, Duration.ofHours(24));
        dispatcher.start();

        var queued = notifier.test(settings);
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.list("hook", "DELIVERED", 10).stream()
                .anyMatch(d -> d.delivery().equals(queued.delivery())));

        // what Alerting.test does once queue() has returned: by now the worker has tried it already
        var first = dispatcher.firstTry("hook", queued.delivery()).get(5, TimeUnit.SECONDS);
        assertThat(first.state()).isEqualTo(Delivery.State.DELIVERED);
        assertThat(sent).containsExactly("test");
        dispatcher.worker("hook").orElseThrow().forget(queued.delivery());
    }
}
