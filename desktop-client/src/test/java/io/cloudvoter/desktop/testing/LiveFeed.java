package io.cloudvoter.desktop.testing;

import io.cloudvoter.model.api.GuardAction;
import io.cloudvoter.model.api.InstanceState;
import io.cloudvoter.model.api.InstanceStatus;
import io.cloudvoter.model.api.LogLine;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.ResourceSample;
import io.cloudvoter.model.api.RunRecord;
import io.cloudvoter.model.events.InstanceChanged;
import io.cloudvoter.model.events.LogEvent;
import io.cloudvoter.model.events.ResourcesEvent;
import io.cloudvoter.model.events.RunFinished;
import io.cloudvoter.model.events.RunStarted;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A stand-in agent for manual runs and the README screenshots while the agent's own {@code /ws} is not
 * merged: a {@link StreamServer} per name, filled with 15 minutes of plausible history and then
 * driven live (runs, logs, resource samples every 5 s, a guard episode). Not used by the test suite.
 * <p>
 * {@code java -cp <test classpath> io.cloudvoter.desktop.testing.LiveFeed PORT NAME [PORT NAME]...}
 * (token: {@link StreamServer#TOKEN}).
 */
public final class LiveFeed {
    private static final long MB = 1024L * 1024;

    private final StreamServer server;
    private final Random random;
    private final Map<String, InstanceStatus> instances = new LinkedHashMap<>();
    private long runId = 4100;
    private double chromiumMb = 310;

    private LiveFeed(StreamServer server, long seed) {
        this.server = server;
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws Exception {
        var feeds = new ArrayList<LiveFeed>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            var feed = new LiveFeed(new StreamServer(args[i + 1], Integer.parseInt(args[i])), i);
            feed.fill(i == 0 ? 9 : 4);
            feeds.add(feed);
            System.out.println("feed " + args[i + 1] + " on " + feed.server.url() + " token " + StreamServer.TOKEN);
        }
        long tick = 0;
        while (true) {
            Thread.sleep(1000);
            tick++;
            for (var f : feeds) {
                f.live(tick);
            }
        }
    }

    private void fill(int count) {
        Instant now = Instant.now();
        String[] flows = {"demo-vote", "demo-vote", "demo-vote", "poll-eu", "poll-eu", "newsletter-signup", "stock-check",
            "poll-eu", "price-watch"};
        String[] ids = {"demo-1", "demo-2", "demo-3", "poll-eu-1", "poll-eu-2", "signup-check", "stock-watch",
            "poll-eu-3", "price-watch"};
        for (int i = 0; i < count; i++) {
            InstanceState state = switch (i) {
                case 1 -> InstanceState.RUNNING;
                case 4 -> InstanceState.PAUSED;
                case 5 -> InstanceState.DISABLED;
                case 7 -> InstanceState.QUEUED;
                default -> InstanceState.SCHEDULED;
            };
            long ok = 40 + random.nextInt(300);
            long failed = i == 6 ? 14 : random.nextInt(4);
            long limited = i == 4 ? 9 : random.nextInt(3);
            Outcome last = i == 6 ? Outcome.FAILED : i == 4 ? Outcome.RATE_LIMITED : Outcome.SUCCESS;
            instances.put(ids[i], new InstanceStatus(ids[i], flows[i], i < 3 ? "config" : "api", state != InstanceState.DISABLED,
                    Duration.ofSeconds(i < 3 ? 10 : 300), state, last, message(last), now.minusSeconds(20 + i * 7L),
                    now.plusSeconds(5 + i * 37L), state == InstanceState.PAUSED ? now.plusSeconds(540) : null,
                    last == Outcome.SUCCESS ? 1800.0 + i * 37 : null, ok + failed + limited, ok, failed, limited, i % 3 == 0));
        }
        instances.values().forEach(server::putInstance);
        for (int s = 180; s > 0; s--) {
            server.addSample(sample(now.minusSeconds(s * 5L), 180 - s));
        }
        server.addGuardAction(new GuardAction(now.minusSeconds(480), "SOFT", "hold-new-runs",
                "machine memory available 188 MB < soft limit 200 MB; new runs wait"));
        server.addGuardAction(new GuardAction(now.minusSeconds(455), "HARD", "recycle-browser",
                "Chromium PSS 742 MB > hard limit 700 MB; recycling the browser after the run in hand"));
        server.addGuardAction(new GuardAction(now.minusSeconds(395), "NORMAL", "admit",
                "machine memory available 612 MB ≥ 260 MB for 60 s; admitting new runs"));
        for (int l = 60; l > 0; l--) {
            server.addLog(logLine(now.minusSeconds(l * 3L)));
        }
    }

    private ResourceSample sample(Instant t, int step) {
        // a climb in Chromium memory, the guard's recycle ~9 minutes ago, then a steady state
        if (step < 90) {
            chromiumMb = 320 + step * 4.8 + random.nextInt(20);
        } else if (step < 96) {
            chromiumMb = 260 + random.nextInt(15);
        } else {
            chromiumMb = Math.min(520, chromiumMb + random.nextInt(5) - 1.5);
        }
        double machineCpu = 12 + 25 * Math.abs(Math.sin(step / 7.0)) + random.nextInt(8) + (step > 84 && step < 92 ? 30 : 0);
        long available = (long) ((1990 - 330 - chromiumMb - random.nextInt(30)) * MB);
        return new ResourceSample(t, machineCpu, 1990 * MB, available, machineCpu / 3.2 + random.nextInt(3),
                (long) ((68 + random.nextInt(6)) * MB), (long) (chromiumMb * MB), 6 + random.nextInt(3), null, null);
    }

    private void live(long tick) {
        Instant now = Instant.now();
        if (tick % 5 == 0) {
            var s = sample(now, 180 + (int) tick / 5);
            server.publish((seq, t) -> new ResourcesEvent(seq, t, s));
        }
        if (random.nextInt(3) == 0) {
            var line = logLine(now);
            server.publish((seq, t) -> new LogEvent(seq, t, line, 0));
        }
        if (tick % 4 == 0) {
            var ids = instances.keySet().stream().filter(id -> instances.get(id).state() == InstanceState.SCHEDULED
                    || instances.get(id).state() == InstanceState.RUNNING).toList();
            String id = ids.get(random.nextInt(ids.size()));
            finishRun(id, now);
        }
    }

    private void finishRun(String id, Instant now) {
        var s = instances.get(id);
        Outcome o = id.equals("stock-watch") ? Outcome.FAILED : random.nextInt(12) == 0 ? Outcome.RATE_LIMITED : Outcome.SUCCESS;
        var run = new RunRecord(++runId, id, s.flow(), o, now.minusMillis(900), 700L + random.nextInt(900), message(o),
                o == Outcome.SUCCESS ? 1800.0 + runId % 97 : null, o == Outcome.FAILED ? "run-" + runId + ".png" : null);
        server.publish((seq, t) -> new RunStarted(seq, t, new RunRecord(run.id(), id, s.flow(), Outcome.RUNNING, run.startedAt(),
                null, null, null, null)));
        server.publish((seq, t) -> new RunFinished(seq, t, run));
        var next = new InstanceStatus(id, s.flow(), s.source(), true, s.cooldown(), InstanceState.SCHEDULED, o, message(o),
                run.startedAt(), now.plus(s.cooldown()), null, run.extracted() != null ? run.extracted() : s.lastExtracted(),
                s.runs() + 1, s.successes() + (o == Outcome.SUCCESS ? 1 : 0), s.failures() + (o == Outcome.FAILED ? 1 : 0),
                s.rateLimited() + (o == Outcome.RATE_LIMITED ? 1 : 0), s.hasStorageState());
        instances.put(id, next);
        server.publish((seq, t) -> new InstanceChanged(seq, t, next));
        var line = new LogLine(now, o == Outcome.SUCCESS ? "INFO" : "WARNING", "io.cloudvoter.agent.run.RunExecutor", id,
                "[instance " + id + "] run " + run.id() + " " + o + " in " + run.durationMs() + " ms"
                        + (o == Outcome.SUCCESS ? "" : ": " + message(o)));
        server.publish((seq, t) -> new LogEvent(seq, t, line, 0));
    }

    private LogLine logLine(Instant t) {
        var ids = List.copyOf(instances.keySet());
        String id = ids.get(random.nextInt(ids.size()));
        int kind = random.nextInt(10);
        long run = 3000 + random.nextInt(900);
        return switch (kind) {
            case 0 -> new LogLine(t, "WARNING", "io.cloudvoter.agent.run.RunExecutor", "poll-eu-2",
                    "[instance poll-eu-2] run " + run + " RATE_LIMITED in 640 ms: Too many votes. Try again in 540 seconds.");
            case 1 -> new LogLine(t, "WARNING", "io.cloudvoter.agent.run.RunExecutor", "stock-watch",
                    "[instance stock-watch] run " + run + " FAILED in 10212 ms: step 2 (click): none of [#add-to-cart] became visible within 10s");
            case 2 -> new LogLine(t, "FINE", "io.cloudvoter.agent.browser.BrowserPool", null,
                    "context closed; " + (4 + random.nextInt(3)) + " Chromium processes, PSS " + (int) chromiumMb + " MB");
            case 3 -> new LogLine(t, "INFO", "io.cloudvoter.agent.schedule.Scheduler", id,
                    "[instance " + id + "] next run at " + t.plusSeconds(300).toString().substring(11, 19));
            default -> new LogLine(t, "INFO", "io.cloudvoter.agent.run.RunExecutor", id,
                    "[instance " + id + "] run " + run + " SUCCESS in " + (700 + random.nextInt(600)) + " ms (votes: "
                            + (1800 + random.nextInt(200)) + ")");
        };
    }

    private static String message(Outcome o) {
        return switch (o) {
            case SUCCESS -> "Thanks for voting!";
            case FAILED -> "step 2 (click): none of [#add-to-cart] became visible within 10s";
            case RATE_LIMITED -> "Too many votes. Try again in 540 seconds.";
            default -> "";
        };
    }
}
