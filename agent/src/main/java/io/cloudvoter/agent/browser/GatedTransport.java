package io.cloudvoter.agent.browser;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.impl.Transport;

import java.io.IOException;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The transport under one Playwright connection, so that many threads can use it in turn through
 * a {@link DriverGate}.
 * <p>
 * How Playwright for Java waits (read in its {@code Connection} and {@code ChannelOwner}): a call
 * sends its message and then loops {@code processOneMessage()} until its own answer is in; each
 * loop polls the transport for up to 10 ms and dispatches whatever came (answers to any call,
 * events, route requests) on the calling thread. This transport makes that poll let go of the gate
 * while nothing is there to dispatch, and wakes the right thread when something arrives: the one
 * whose call an answer belongs to, or any waiting one for an event. The thread that holds the gate
 * dispatches whatever it finds, including answers to other threads' calls; their owners see that
 * their call is done as soon as they get the gate back. Every Playwright data structure is touched
 * only under the gate; timeouts stay Playwright's own, enforced by the driver.
 * <p>
 * Installed by replacing the transport field of Playwright's connection (Playwright offers no
 * public hook). {@link #install} says whether that worked with this Playwright version; the worker
 * falls back to one run at a time when it did not.
 */
final class GatedTransport implements Transport {
    private static final Logger LOG = Logger.getLogger(GatedTransport.class.getName());
    /** Answers that never come (messages sent without a reply) must not pile up. */
    private static final int MAX_AWAITED = 4096;

    private final Transport driver;
    private final DriverGate gate;
    private final LinkedBlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
    /** Call id → the thread that sent it. */
    private final Map<Integer, Thread> awaiting = new ConcurrentHashMap<>();
    /**
     * A browser node's connection runs through this one: its calls go out as "send" on a pipe and its
     * answers come back as "message" events of that pipe. Pipe and inner call id → the thread that sent it.
     */
    private final Map<String, Thread> awaitingOnPipes = new ConcurrentHashMap<>();
    /** Threads parked in {@link #poll}, without the gate. */
    private final Set<Thread> idle = ConcurrentHashMap.newKeySet();
    private final Thread reader;
    private volatile RuntimeException failure;
    private volatile boolean closed;

    private GatedTransport(Transport driver, DriverGate gate, String name) {
        this.driver = driver;
        this.gate = gate;
        this.reader = Thread.ofVirtual().name(name).start(this::read);
    }

    /**
     * Puts a gated transport under {@code playwright}'s connection. Call it with the gate held,
     * right after {@code Playwright.create()}, before any other thread uses that Playwright.
     *
     * @return false when this Playwright version's internals are not as expected (nothing changed then)
     */
    static boolean install(Playwright playwright, DriverGate gate, String name) {
        try {
            var connectionField = Class.forName("com.microsoft.playwright.impl.ChannelOwner").getDeclaredField("connection");
            connectionField.setAccessible(true);
            Object connection = connectionField.get(playwright);
            Field transportField = connection.getClass().getDeclaredField("transport");
            transportField.setAccessible(true);
            var current = (Transport) transportField.get(connection);
            if (current instanceof GatedTransport) {
                return true;
            }
            transportField.set(connection, new GatedTransport(current, gate, name));
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot share the Playwright driver between runs with this Playwright version ("
                    + e + "); each browser worker runs one flow at a time", e);
            return false;
        }
    }

    @Override
    public void send(JsonObject message) {
        int id = idOf(message);
        if (id != 0) {
            if (awaiting.size() >= MAX_AWAITED) {
                awaiting.keySet().removeIf(old -> old < id - MAX_AWAITED);
            }
            awaiting.put(id, Thread.currentThread());
        }
        var piped = pipeKey(message, "send");
        if (piped != null) {
            if (awaitingOnPipes.size() >= MAX_AWAITED) {
                awaitingOnPipes.clear(); // answers that never came; at worst a thread wakes on its own 10 ms later
            }
            awaitingOnPipes.put(piped, Thread.currentThread());
        }
        driver.send(message);
    }

    /** "guid:id" of a call carried inside a pipe's {@code method} message (a node's call or its answer), else null. */
    private static String pipeKey(JsonObject message, String method) {
        var m = message.get("method");
        var params = message.get("params");
        if (m == null || !m.isJsonPrimitive() || !method.equals(m.getAsString()) || params == null || !params.isJsonObject()) {
            return null;
        }
        var inner = params.getAsJsonObject().get("message");
        var guid = message.get("guid");
        if (inner == null || !inner.isJsonObject() || guid == null || !guid.isJsonPrimitive()) {
            return null;
        }
        int id = idOf(inner.getAsJsonObject());
        return id == 0 ? null : guid.getAsString() + ":" + id;
    }

    /** Called by Playwright, with the gate held, whenever the calling thread waits for the driver. */
    @Override
    public JsonObject poll(Duration timeout) {
        var message = take();
        if (message != null) {
            return message;
        }
        var me = Thread.currentThread();
        idle.add(me);
        try {
            message = take(); // a message that came in before we were listed has woken no one
            if (message != null) {
                return message;
            }
            gate.outside(() -> LockSupport.parkNanos(this, timeout.toNanos()));
        } finally {
            idle.remove(me);
        }
        return take();
    }

    private JsonObject take() {
        var message = inbox.poll();
        if (message == null) {
            var failed = failure;
            if (failed != null) {
                throw new PlaywrightException(failed.getMessage(), failed);
            }
            return null;
        }
        int id = idOf(message);
        var owner = id != 0 ? awaiting.remove(id) : awaitingOnPipes.remove(String.valueOf(pipeKey(message, "message")));
        if (owner != null && owner != Thread.currentThread()) {
            LockSupport.unpark(owner); // it gets the gate once this dispatch is over, and finds its call done
        }
        return message;
    }

    /** Moves the driver's messages into the inbox and wakes a thread to dispatch each. */
    private void read() {
        while (!closed) {
            JsonObject message;
            try {
                message = driver.poll(Duration.ofMillis(250));
            } catch (RuntimeException e) {
                failure = e;
                idle.forEach(LockSupport::unpark);
                return;
            }
            if (message != null) {
                inbox.add(message);
                wakeFor(message);
            }
        }
    }

    private void wakeFor(JsonObject message) {
        int id = idOf(message);
        var owner = id != 0 ? awaiting.get(id) : awaitingOnPipes.get(String.valueOf(pipeKey(message, "message")));
        if (owner != null && idle.contains(owner)) {
            LockSupport.unpark(owner);
            return;
        }
        for (var waiting : idle) {
            LockSupport.unpark(waiting);
            return;
        }
    }

    private static int idOf(JsonObject message) {
        JsonElement id = message.get("id");
        return id == null || id.isJsonNull() ? 0 : id.getAsInt();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        try {
            driver.close();
        } finally {
            reader.interrupt();
            idle.forEach(LockSupport::unpark);
        }
    }
}
