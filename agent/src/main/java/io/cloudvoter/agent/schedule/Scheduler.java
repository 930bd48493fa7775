package io.cloudvoter.agent.schedule;

import io.cloudvoter.agent.Refusal;
import io.cloudvoter.agent.browser.StorageStates;
import io.cloudvoter.agent.config.ConfigLoader;
import io.cloudvoter.agent.config.Durations;
import io.cloudvoter.agent.events.EventBus;
import io.cloudvoter.agent.flow.FlowCatalog;
import io.cloudvoter.agent.history.InstanceCounters;
import io.cloudvoter.model.api.InstanceSpec;
import io.cloudvoter.model.api.InstanceState;
import io.cloudvoter.model.api.InstanceStatus;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.events.InstanceChanged;
import io.cloudvoter.model.events.InstanceRemoved;
import io.cloudvoter.model.events.MonitoringChanged;
import io.cloudvoter.model.flow.FlowSpec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * Decides when each instance runs: after its cooldown, within a global limit of concurrent runs,
 * only while monitoring is on (or an operator asked), never while its target is rate limited, and
 * only when the resource guard admits new runs. The plan (next run times, pauses) is persisted, so a
 * restart resumes it. Decisions are made under one lock; what they cause outside memory (SQLite
 * writes, state files, events) is queued as {@link Effects} and carried out, in order, after the
 * lock is let go.
 * <p>
 * {@link #tick()} does the work; {@link SchedulerLoop} calls it periodically, tests call it directly
 * with a fake clock.
 */
public final class Scheduler {
    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());

    /**
     * @param maxPause          the longest a page-given retry time is trusted (guards against a misread year)
     * @param failureBackoffMax runs that fail in a row stretch an instance's cooldown (doubling) up to this; zero: never
     */
    public record Settings(int maxConcurrentRuns, Duration rateLimitPause, Duration maxPause, Duration failureBackoffMax) {
        public Settings(int maxConcurrentRuns, Duration rateLimitPause, Duration maxPause) {
            this(maxConcurrentRuns, rateLimitPause, maxPause, Duration.ofMinutes(30));
        }
    }

    private final Clock clock;
    private final Settings settings;
    private final FlowCatalog flows;
    private final PlanStore plan;
    private final StorageStates states;
    private final RunLauncher launcher;
    private final EventBus bus;
    private final MonitoringSwitch monitoring;
    private final RateLimits rateLimits;
    private final ReentrantLock lock = new ReentrantLock();
    private final Effects effects = new Effects(lock);
    private final Map<String, InstanceEntry> entries = new TreeMap<>();
    private volatile Admission admission = Admission.ALWAYS;
    private volatile java.util.function.Function<String, java.util.Set<String>> secretNames = id -> java.util.Set.of();
    private volatile java.util.function.Consumer<String> onRemoved = id -> {
    };
    private volatile Runnable wakeUp = () -> {
    };
    private volatile Instant lastTick = Instant.EPOCH;
    private String lastRefusal;
    private int inFlight;

    public Scheduler(Clock clock, Settings settings, FlowCatalog flows, PlanStore plan, Map<String, InstanceCounters> counters,
                     StorageStates states, RunLauncher launcher, EventBus bus, MonitoringSwitch monitoring) {
        this.clock = clock;
        this.settings = settings;
        this.flows = flows;
        this.plan = plan;
        this.states = states;
        this.launcher = launcher;
        this.bus = bus;
        this.monitoring = monitoring;
        this.rateLimits = new RateLimits(plan, effects);
        for (var stored : plan.instances()) {
            var e = new InstanceEntry(stored);
            var c = counters.get(stored.id());
            if (c != null) {
                e.loadCounters(c);
            }
            entries.put(e.id, e);
        }
    }

    public void admission(Admission admission) {
        this.admission = admission;
    }

    /** The placeholders each flow uses, by name, for the parse of it that is loaded (under the lock: ticks look often). */
    private final Map<String, java.util.Map.Entry<FlowSpec, java.util.Set<String>>> references = new java.util.HashMap<>();

    private java.util.Set<String> references(FlowSpec flow) {
        var known = references.get(flow.name());
        if (known != null && known.getKey() == flow) {
            return known.getValue();
        }
        var refs = io.cloudvoter.agent.flow.FlowVariables.references(flow);
        references.put(flow.name(), java.util.Map.entry(flow, refs));
        return refs;
    }

    /** What else goes with a removed instance (its secrets). */
    public void onRemoved(java.util.function.Consumer<String> forget) {
        this.onRemoved = forget;
    }

    /** Where the names of each instance's secrets come from (its flow may need them). */
    public void secretNames(java.util.function.Function<String, java.util.Set<String>> names) {
        this.secretNames = names;
    }

    /** Called when a run ends or an operator asks for one, so the next tick comes at once. */
    void wakeUp(Runnable wakeUp) {
        this.wakeUp = wakeUp;
    }

    /** Starts every run that is due and allowed; publishes instances whose state changed. */
    public void tick() {
        var starts = new ArrayList<InstanceEntry>();
        lock.lock();
        try {
            Instant now = clock.instant();
            lastTick = now;
            for (var target : rateLimits.expire(now)) {
                LOG.info(() -> "Rate limit of " + target + " is over; its instances may run again");
            }
            var due = entries.values().stream()
                    .filter(e -> launchable(e, now))
                    .sorted(Comparator.comparing((InstanceEntry e) -> e.forced == null)
                            .thenComparing(e -> e.nextRunAt == null ? Instant.EPOCH : e.nextRunAt))
                    .toList();
            for (var e : due) {
                if (inFlight >= settings.maxConcurrentRuns()) {
                    break;
                }
                var refusal = admission.refusal();
                if (refusal.isPresent()) {
                    if (!refusal.get().equals(lastRefusal)) {
                        LOG.warning("Holding new runs: " + refusal.get());
                    }
                    lastRefusal = refusal.get();
                    break;
                }
                lastRefusal = null;
                e.launching = true;
                inFlight++;
                starts.add(e);
            }
            publishChanges(now);
        } finally {
            lock.unlock();
        }
        effects.run();
        starts.forEach(this::launch);
    }

    private boolean launchable(InstanceEntry e, Instant now) {
        if (e.busy()) {
            return false;
        }
        var flow = flows.find(e.flow);
        if (flow.isEmpty() || problem(e, flow.get()) != null
            || rateLimits.active(RateLimits.targetOf(flow.get().target()), now).isPresent()) {
            return false;
        }
        if (e.forced != null) {
            return true;
        }
        return monitoring.isOn() && e.enabled && (e.nextRunAt == null || !e.nextRunAt.isAfter(now));
    }

    /** Why the instance cannot run its flow: a variable or secret the flow names that it does not have. Null when it can. */
    private String problem(InstanceEntry e, FlowSpec flow) {
        var refs = references(flow);
        if (refs.isEmpty()) {
            return null;
        }
        var secrets = secretNames.apply(e.id);
        var missing = refs.stream()
                .filter(r -> r.startsWith("vars.") ? !e.vars.containsKey(r.substring(5)) : !secrets.contains(r.substring(8)))
                .toList();
        if (missing.isEmpty()) {
            return null;
        }
        return "flow '" + flow.name() + "' uses " + missing.stream().map(m -> "${" + m + "}").collect(java.util.stream.Collectors.joining(", "))
               + ", which this instance does not set";
    }

    private void launch(InstanceEntry e) {
        RunLauncher.RunHandle handle;
        String trigger;
        FlowSpec flow;
        int attempt;
        Long retryOf;
        java.util.Map<String, String> vars;
        lock.lock();
        try {
            boolean retry = e.forced == null && e.nextAttempt > 1;
            trigger = e.forced != null ? e.forced : retry ? "retry" : "schedule";
            // An operator's run starts afresh: its own first attempt.
            attempt = retry ? e.nextAttempt : 1;
            retryOf = retry ? e.retryOf : null;
            e.forced = null;
            e.nextAttempt = 1;
            e.retryOf = null;
            flow = flows.find(e.flow).orElse(null);
            vars = e.vars;
        } finally {
            lock.unlock();
        }
        try {
            if (flow == null) {
                throw new IllegalStateException("flow '" + e.flow + "' disappeared");
            }
            handle = launcher.launch(new RunLauncher.RunRequest(e.id, flow, trigger, attempt, retryOf, vars));
        } catch (RuntimeException ex) {
            LOG.severe("[instance " + e.id + "] could not start a run: " + ex);
            finished(e, null, null, ex);
            return;
        }
        lock.lock();
        try {
            e.launching = false;
            e.running = handle;
            publish(e, clock.instant());
        } finally {
            lock.unlock();
        }
        effects.run();
        handle.result().whenComplete((result, error) -> finished(e, handle, result, error));
    }

    private void finished(InstanceEntry e, RunLauncher.RunHandle handle, RunLauncher.RunResult result, Throwable error) {
        lock.lock();
        try {
            Instant now = clock.instant();
            inFlight--;
            e.launching = false;
            if (e.running == handle) {
                e.running = null;
            }
            if (error != null) {
                LOG.severe("[instance " + e.id + "] run ended without a result: " + error);
            }
            if (result != null && result.record() != null) {
                e.count(result.record());
            }
            e.nextRunAt = now.plus(nextDelay(e, result));
            if (e.restartAfterRun) {
                e.restartAfterRun = false;
                e.forced = "restart";
            }
            if (result != null && result.outcome() == Outcome.RATE_LIMITED) {
                pauseTarget(e, result.retryAt(), now);
            }
            if (entries.get(e.id) == e) {
                var next = e.nextRunAt;
                effects.add("plan the next run of " + e.id, () -> plan.setNextRun(e.id, next));
                publish(e, now);
            }
        } finally {
            lock.unlock();
        }
        effects.run();
        wakeUp.run();
    }

    private void pauseTarget(InstanceEntry e, Instant retryAt, Instant now) {
        var flow = flows.find(e.flow);
        if (flow.isEmpty()) {
            return;
        }
        String target = RateLimits.targetOf(flow.get().target());
        Instant until;
        String reason;
        if (retryAt == null) {
            until = now.plus(settings.rateLimitPause());
            reason = "rate limited; the page gave no retry time, waiting the configured " + Durations.format(settings.rateLimitPause());
        } else {
            until = retryAt.isBefore(now.plusSeconds(1)) ? now.plusSeconds(1) : retryAt;
            if (until.isAfter(now.plus(settings.maxPause()))) {
                until = now.plus(settings.maxPause());
            }
            reason = "rate limited; the page asked to retry at " + retryAt;
        }
        var pause = rateLimits.pause(target, until, reason);
        LOG.warning("[instance " + e.id + "] " + target + " " + pause.reason() + "; every instance of it waits until " + pause.until());
        entries.values().stream()
                .filter(other -> flows.find(other.flow).map(f -> RateLimits.targetOf(f.target()).equals(target)).orElse(false))
                .forEach(other -> publish(other, now));
    }

    // ---- operator commands ------------------------------------------------------------------

    /** Adds an instance; {@code source} is {@code config} or {@code api}. */
    public InstanceStatus add(InstanceSpec spec, String source) {
        validate(spec);
        InstanceEntry e;
        InstanceStatus status;
        CompletableFuture<Void> stored;
        lock.lock();
        try {
            e = addLocked(spec, source);
            stored = e.storing;
            status = publish(e, clock.instant());
        } finally {
            lock.unlock();
        }
        try {
            effects.await(stored);
        } catch (RuntimeException failure) {
            forget(e, "it could not be stored");
            throw failure;
        }
        return status;
    }

    /** Adds the entry in memory and queues its row; {@code e.storing} completes when the row is written. */
    private InstanceEntry addLocked(InstanceSpec spec, String source) {
        if (entries.containsKey(spec.id())) {
            throw Refusal.conflict("instance '" + spec.id() + "' already exists");
        }
        var row = new StoredInstance(spec.id(), spec.flow(), spec.cooldown(),
                spec.enabled() == null || spec.enabled(), source, clock.instant(), spec.vars());
        var e = new InstanceEntry(row);
        entries.put(e.id, e);
        e.storing = effects.add("store instance " + e.id, () -> plan.upsert(row));
        LOG.info("[instance " + e.id + "] added (flow " + e.flow + ", " + source + ")");
        return e;
    }

    /** Takes back an instance whose row was refused: it must not run without being stored. */
    private void forget(InstanceEntry e, String why) {
        lock.lock();
        try {
            if (entries.get(e.id) == e) {
                entries.remove(e.id);
                LOG.warning("[instance " + e.id + "] not added: " + why);
                effects.add("publish the removal of " + e.id, () -> bus.publish((seq, time) -> new InstanceRemoved(seq, time, e.id)));
            }
        } finally {
            lock.unlock();
        }
        effects.run();
    }

    /**
     * Makes the config-defined instances match the config file: new ones are added, changed ones
     * updated (keeping their plan and counters). Config instances no longer in the file are removed.
     */
    public void applyConfig(List<InstanceSpec> specs) {
        specs.forEach(this::validate);
        var writes = new ArrayList<CompletableFuture<Void>>();
        lock.lock();
        try {
            var wanted = new java.util.HashSet<String>();
            for (var spec : specs) {
                wanted.add(spec.id());
                var e = entries.get(spec.id());
                if (e == null) {
                    e = addLocked(spec, "config");
                    writes.add(e.storing);
                    publish(e, clock.instant());
                } else {
                    e.flow = spec.flow();
                    e.cooldown = spec.cooldown();
                    e.enabled = spec.enabled() == null || spec.enabled();
                    e.vars = spec.vars();
                    var row = e.stored();
                    writes.add(effects.add("store instance " + e.id, () -> plan.upsert(row)));
                }
            }
            entries.values().stream().filter(e -> "config".equals(e.source) && !wanted.contains(e.id))
                    .map(e -> e.id).toList().forEach(id -> writes.add(removeLocked(id, true)));
        } finally {
            lock.unlock();
        }
        writes.forEach(effects::await);
    }

    public void remove(String id) {
        CompletableFuture<Void> deleted;
        lock.lock();
        try {
            deleted = removeLocked(id, false);
        } finally {
            lock.unlock();
        }
        effects.await(deleted);
    }

    /** Removes the entry now; the returned effect completes when its row and storage state are gone. */
    private CompletableFuture<Void> removeLocked(String id, boolean fromConfig) {
        var e = entry(id);
        if ("config".equals(e.source) && !fromConfig) {
            throw Refusal.conflict("instance '" + id + "' is defined in the config file; remove it there (or disable it)");
        }
        entries.remove(id);
        if (e.running != null) {
            e.running.abort("instance removed");
        }
        LOG.info("[instance " + id + "] removed");
        var forget = onRemoved;
        var deleted = effects.add("delete instance " + id, () -> {
            plan.delete(id);
            states.delete(id);
            forget.accept(id);
        });
        effects.add("publish the removal of " + id, () -> bus.publish((seq, time) -> new InstanceRemoved(seq, time, id)));
        return deleted;
    }

    public InstanceStatus runNow(String id) {
        lock.lock();
        try {
            var e = entry(id);
            if (e.busy()) {
                throw Refusal.conflict("instance '" + id + "' is already running");
            }
            requireRunnable(e);
            e.forced = "run-now";
            wakeUp.run();
            return publish(e, clock.instant());
        } finally {
            lock.unlock();
            effects.run();
        }
    }

    /** Stops the run in flight, if any, and starts a fresh one straight after. */
    public InstanceStatus restart(String id) {
        lock.lock();
        try {
            var e = entry(id);
            requireRunnable(e);
            if (e.running != null) {
                e.restartAfterRun = true;
                e.running.abort("restarted by the operator");
            } else if (!e.launching) {
                e.forced = "restart";
            }
            LOG.info("[instance " + id + "] restart requested");
            wakeUp.run();
            return publish(e, clock.instant());
        } finally {
            lock.unlock();
            effects.run();
        }
    }

    public InstanceStatus setEnabled(String id, boolean enabled) {
        InstanceStatus status;
        CompletableFuture<Void> stored;
        lock.lock();
        try {
            var e = entry(id);
            e.enabled = enabled;
            stored = effects.add("store that instance " + id + " is " + (enabled ? "enabled" : "disabled"),
                    () -> plan.setEnabled(id, enabled));
            LOG.info("[instance " + id + "] " + (enabled ? "enabled" : "disabled"));
            status = publish(e, clock.instant());
        } finally {
            lock.unlock();
        }
        effects.await(stored);
        return status;
    }

    public void setMonitoring(boolean on) {
        CompletableFuture<Void> recorded;
        lock.lock();
        try {
            if (monitoring.isOn() == on) {
                return;
            }
            monitoring.turn(on);
            recorded = effects.add("record that monitoring is " + (on ? "on" : "off"), () -> monitoring.record(on));
            LOG.info(on ? "Monitoring started" : "Monitoring stopped: no scheduled runs until it is started again");
            effects.add("publish the monitoring switch", () -> bus.publish((seq, time) -> new MonitoringChanged(seq, time, on)));
            publishChanges(clock.instant());
        } finally {
            lock.unlock();
        }
        effects.await(recorded);
    }

    private void requireRunnable(InstanceEntry e) {
        var flow = flows.find(e.flow)
                .orElseThrow(() -> Refusal.conflict("instance '" + e.id + "' has no valid flow '" + e.flow + "' (see GET /api/flows)"));
        var problem = problem(e, flow);
        if (problem != null) {
            throw Refusal.conflict("instance '" + e.id + "' cannot run: " + problem);
        }
        var pause = rateLimits.active(RateLimits.targetOf(flow.target()), clock.instant());
        if (pause.isPresent()) {
            throw Refusal.conflict("the target of '" + e.id + "' is rate limited until " + pause.get().until()
                    + "; CloudVoter respects target limits");
        }
    }

    /** Whether {@code flow}'s target is paused by its rate limit now: a try of it is refused as a run would be. */
    public java.util.Optional<TargetPause> pauseOf(FlowSpec flow) {
        lock.lock();
        try {
            return rateLimits.active(RateLimits.targetOf(flow.target()), clock.instant());
        } finally {
            lock.unlock();
        }
    }

    /** The instance's variables (for a try of a flow with its values). */
    public java.util.Map<String, String> varsOf(String id) {
        lock.lock();
        try {
            return entry(id).vars;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Changes an instance added through the API: flow, cooldown, enabled, variables (its secrets have
     * their own call). Its plan, counters and storage state stay. Config instances are changed in the file.
     */
    public InstanceStatus update(InstanceSpec spec) {
        validate(spec);
        InstanceStatus status;
        CompletableFuture<Void> stored;
        lock.lock();
        try {
            var e = entry(spec.id());
            if ("config".equals(e.source)) {
                throw Refusal.conflict("instance '" + e.id + "' is defined in the config file; change it there");
            }
            e.flow = spec.flow();
            e.cooldown = spec.cooldown();
            e.enabled = spec.enabled() == null || spec.enabled();
            e.vars = spec.vars();
            var row = e.stored();
            stored = effects.add("store instance " + e.id, () -> plan.upsert(row));
            LOG.info("[instance " + e.id + "] changed (flow " + e.flow + ")");
            status = publish(e, clock.instant());
        } finally {
            lock.unlock();
        }
        effects.await(stored);
        return status;
    }

    /** Publishes the instance again (its secrets changed: what it can run may have). */
    public void touch(String id) {
        lock.lock();
        try {
            publish(entry(id), clock.instant());
        } finally {
            lock.unlock();
        }
        effects.run();
    }

    private void validate(InstanceSpec spec) {
        if (spec.id() == null || !ConfigLoader.INSTANCE_ID.matcher(spec.id()).matches()) {
            throw Refusal.invalid("id: '" + spec.id() + "' is not a valid instance id (letters, digits, '.', '_', '-'; at most 64)");
        }
        if (spec.flow() == null || spec.flow().isBlank()) {
            throw Refusal.invalid("flow: missing (one of " + flowNames() + ")");
        }
        if (flows.find(spec.flow()).isEmpty()) {
            throw Refusal.invalid("flow: '" + spec.flow() + "' is not loaded (loaded: " + flowNames() + ")");
        }
        if (spec.cooldown() != null && spec.cooldown().compareTo(Duration.ofSeconds(1)) < 0) {
            throw Refusal.invalid("cooldown: " + spec.cooldown() + " is shorter than the minimum of 1s");
        }
        var vars = InstanceVars.problem("vars", spec.vars());
        if (vars != null) {
            throw Refusal.invalid(vars);
        }
    }

    private List<String> flowNames() {
        return flows.flows().stream().map(f -> f.name()).toList();
    }

    // ---- reading ----------------------------------------------------------------------------

    public List<InstanceStatus> statuses() {
        lock.lock();
        try {
            Instant now = clock.instant();
            return entries.values().stream().map(e -> status(e, now)).toList();
        } finally {
            lock.unlock();
        }
    }

    public InstanceStatus status(String id) {
        lock.lock();
        try {
            return status(entry(id), clock.instant());
        } finally {
            lock.unlock();
        }
    }

    public boolean exists(String id) {
        lock.lock();
        try {
            return entries.containsKey(id);
        } finally {
            lock.unlock();
        }
    }

    public boolean monitoring() {
        return monitoring.isOn();
    }

    public int runningNow() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    public int maxConcurrentRuns() {
        return settings.maxConcurrentRuns();
    }

    public Instant lastTick() {
        return lastTick;
    }

    /** Aborts every run in flight (shutdown); each ends {@code INTERRUPTED}. */
    public void abortAll(String reason) {
        lock.lock();
        try {
            entries.values().stream().filter(e -> e.running != null).forEach(e -> e.running.abort(reason));
        } finally {
            lock.unlock();
        }
    }

    private InstanceEntry entry(String id) {
        var e = entries.get(id);
        if (e == null) {
            throw Refusal.notFound("no instance '" + id + "'");
        }
        return e;
    }

    /**
     * The wait before the instance's next run: a retry's delay when its flow retries this outcome
     * and attempts are left; else the cooldown, stretched (doubling, at most {@code failure-backoff-max})
     * by the runs that failed in a row, so a target that is down is not knocked on every cooldown.
     */
    private Duration nextDelay(InstanceEntry e, RunLauncher.RunResult result) {
        var outcome = result == null ? Outcome.ERROR : result.outcome();
        var record = result == null ? null : result.record();
        var cooldown = cooldownOf(e);
        var retry = flows.find(e.flow).map(FlowSpec::retry).orElse(null);
        int attempt = record == null ? 1 : record.attempt();
        if (retry != null && record != null && retry.on().contains(outcome) && attempt < retry.attempts()) {
            e.nextAttempt = attempt + 1;
            e.retryOf = record.retryOf() != null ? record.retryOf() : record.id();
            var delay = retry.delayBefore(e.nextAttempt);
            e.nextRunWhy = "retry " + e.nextAttempt + " of " + retry.attempts() + " after " + outcome + ", in " + Durations.format(delay);
            return delay;
        }
        switch (outcome) {
            case SUCCESS -> e.failuresInARow = 0;
            case FAILED, ERROR -> e.failuresInARow++;
            default -> {
                // RATE_LIMITED pauses the target instead; INTERRUPTED says nothing about it
            }
        }
        var cap = settings.failureBackoffMax();
        if (e.failuresInARow < 2 || cap.isZero()) {
            e.nextRunWhy = null;
            return cooldown;
        }
        long factor = 1L << Math.min(20, e.failuresInARow - 1);
        var stretched = cooldown.multipliedBy(factor);
        var limit = cap.compareTo(cooldown) > 0 ? cap : cooldown;
        if (stretched.compareTo(limit) > 0) {
            stretched = limit;
        }
        e.nextRunWhy = e.failuresInARow + " failures in a row: cooldown stretched to " + Durations.format(stretched)
                       + " (x" + factor + ", at most " + Durations.format(limit) + "); the next success restores "
                       + Durations.format(cooldown);
        return stretched;
    }

    private Duration cooldownOf(InstanceEntry e) {
        if (e.cooldown != null) {
            return e.cooldown;
        }
        return flows.find(e.flow).map(FlowSpec::cooldown).orElse(Duration.ofMinutes(5));
    }

    private InstanceStatus status(InstanceEntry e, Instant now) {
        var flow = flows.find(e.flow);
        Instant pausedUntil = flow.flatMap(f -> rateLimits.active(RateLimits.targetOf(f.target()), now))
                .map(TargetPause::until).orElse(null);
        String problem = flow.isEmpty() ? "no valid flow '" + e.flow + "' (see GET /api/flows)" : problem(e, flow.get());
        InstanceState state;
        if (e.busy()) {
            state = InstanceState.RUNNING;
        } else if (problem != null) {
            state = InstanceState.INVALID;
        } else if (!e.enabled && e.forced == null) {
            state = InstanceState.DISABLED; // a disabled instance is disabled, whatever its target's pause
        } else if (pausedUntil != null) {
            state = InstanceState.PAUSED;
        } else if (e.forced != null) {
            state = InstanceState.QUEUED;
        } else if (!monitoring.isOn()) {
            state = InstanceState.STOPPED;
        } else if (e.nextRunAt == null || !e.nextRunAt.isAfter(now)) {
            state = InstanceState.QUEUED;
        } else {
            state = InstanceState.SCHEDULED;
        }
        return e.status(state, cooldownOf(e), pausedUntil, states.has(e.id),
                List.copyOf(secretNames.apply(e.id)), problem);
    }

    /** The instance's status now; its event goes out once the lock is let go. */
    private InstanceStatus publish(InstanceEntry e, Instant now) {
        var s = status(e, now);
        e.publishedState = s.state();
        effects.add("publish instance " + e.id, () -> bus.publish((seq, time) -> new InstanceChanged(seq, time, s)));
        return s;
    }

    private void publishChanges(Instant now) {
        for (var e : entries.values()) {
            var s = status(e, now);
            if (s.state() != e.publishedState) {
                e.publishedState = s.state();
                effects.add("publish instance " + e.id, () -> bus.publish((seq, time) -> new InstanceChanged(seq, time, s)));
            }
        }
    }

    Optional<InstanceEntry> entryForTest(String id) {
        return Optional.ofNullable(entries.get(id));
    }
}
