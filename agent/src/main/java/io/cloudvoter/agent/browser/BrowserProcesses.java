package io.cloudvoter.agent.browser;

import io.cloudvoter.agent.proc.SystemFiles;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The processes behind one pool: Playwright's Node.js driver (a child of this JVM) and the Chromium
 * tree under it. Read from the OS, so they can be measured and killed even when Playwright itself is
 * wedged. The driver is recognised as the child process that appeared while the pool created its
 * Playwright (several pools may live in one JVM, e.g. in tests, and Playwright reuses one unpacked
 * driver for all of them, so its path does not tell them apart).
 */
public final class BrowserProcesses {
    private volatile Optional<ProcessHandle> driver = Optional.empty();
    private volatile List<ProcessHandle> launched = List.of();

    /**
     * Held while a pool creates its Playwright: with several browser workers starting at once, each
     * must see only its own new child, or two workers could both take the same driver for theirs
     * (and measure, kill or close the other's).
     */
    private static final Object DRIVER_START = new Object();

    /** Runs {@code create} and remembers the child process it started. */
    <T> T recordDriver(Supplier<T> create) {
        synchronized (DRIVER_START) {
            Set<Long> before = ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
            T created = create.get();
            driver = ProcessHandle.current().children()
                    .filter(p -> !before.contains(p.pid()))
                    .filter(p -> p.info().command().map(c -> c.endsWith("node") || c.contains("playwright")).orElse(true))
                    .findFirst();
            return created;
        }
    }

    void forgetDriver() {
        driver = Optional.empty();
        launched = List.of();
    }

    /**
     * Remembers the Chromium just launched: the driver's child that carries {@code marker} (Debian's
     * wrapper script, or the browser itself) and its children that carry it too and are no helper
     * ({@code --type=}). Only those two levels: a helper forked but not yet exec'd still carries the
     * browser's command line, and if it were remembered, a kill aimed at "the browser" could hit it.
     */
    void recordBrowser(String marker) {
        var top = drivers().stream().flatMap(ProcessHandle::children).filter(p -> isBrowser(p, marker)).toList();
        launched = Stream.concat(top.stream(), top.stream().flatMap(ProcessHandle::children).filter(p -> isBrowser(p, marker))).toList();
    }

    /** Carries {@code marker} and is no helper ({@code --type=}: zygote, renderer, GPU, utility). */
    private static boolean isBrowser(ProcessHandle p, String marker) {
        var cmd = SystemFiles.host().commandLine(p.pid());
        return cmd != null && cmd.contains(marker) && !cmd.contains("--type=");
    }

    void forgetBrowser() {
        launched = List.of();
    }

    /** PIDs of the Chromium launched last (its wrapper script and the browser process). */
    public List<Long> launchedBrowser() {
        return launched.stream().map(ProcessHandle::pid).toList();
    }

    /**
     * False once the driver or a process of the Chromium launched last has exited: read from the OS,
     * so it is known even while the browser thread is busy with a run.
     */
    boolean alive() {
        return driver.map(ProcessHandle::isAlive).orElse(false) && launched.stream().allMatch(ProcessHandle::isAlive);
    }

    /** The driver, while it lives. */
    public List<ProcessHandle> drivers() {
        return driver.filter(ProcessHandle::isAlive).stream().toList();
    }

    /** Every process under the driver: Chromium and its helpers. */
    public List<ProcessHandle> browsers() {
        return drivers().stream().flatMap(ProcessHandle::descendants).filter(ProcessHandle::isAlive).toList();
    }

    /** Driver and browsers together. */
    public List<ProcessHandle> all() {
        return Stream.concat(drivers().stream(), browsers().stream()).toList();
    }

    void killBrowsers() {
        browsers().forEach(ProcessHandle::destroyForcibly);
    }

    /** Asks each of {@code processes} still alive to stop, then forces the ones left after {@code grace}. */
    static void kill(List<ProcessHandle> processes, Duration grace) {
        var left = processes.stream().filter(ProcessHandle::isAlive).toList();
        left.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (var p : left) {
            long remaining = deadline - System.nanoTime();
            if (remaining > 0) {
                p.onExit().completeOnTimeout(p, remaining, TimeUnit.NANOSECONDS).join();
            }
        }
        left.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
