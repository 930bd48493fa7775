package io.cloudvoter.desktop.login;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * A real, headed browser on the operator's machine, opened at a target with an instance's current
 * storage state, for logging in by hand. {@link #done()} takes the context's storage state, in memory, and
 * closes the browser; {@link #cancel()} only closes it. Nothing of the login stays on the disk: the
 * browser's profile is a temporary folder Playwright makes for it and removes as soon as the browser is
 * closed, in the desktop's own private temporary folder (mode 0700, deleted when the desktop ends).
 *
 * <p>Playwright starts its driver once per process, with the environment of the first start: so the private
 * folder is one per process, never one that a finished capture has deleted.
 *
 * <p>Playwright belongs to one thread, so every call runs on this capture's own thread; the futures
 * complete there.
 */
public final class LoginCapture implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LoginCapture.class.getName());

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        var t = new Thread(r, "cloudvoter-login");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, String> env;
    private final CompletableFuture<Void> closedByOperator = new CompletableFuture<>();
    private volatile boolean closed;
    private Playwright playwright;
    private Browser browser;
    private BrowserContext context;
    private Page page;
    private LoginBrowser used;

    /** @param env the browser's environment (the desktop's own, so {@code DISPLAY} reaches it) */
    public LoginCapture(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /**
     * Opens the first of {@code browsers} that starts, at {@code url}, with {@code storageState} (Playwright's
     * JSON; null for none) loaded; completes with the browser used, or fails naming every one tried.
     */
    public CompletableFuture<LoginBrowser> open(List<LoginBrowser> browsers, String url, String storageState) {
        return CompletableFuture.supplyAsync(() -> {
            var driverEnv = new HashMap<String, String>();
            driverEnv.put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"); // never a browser of Playwright's own
            driverEnv.put("TMPDIR", privateRoot().toString()); // where the driver makes the browser's profile
            playwright = Playwright.create(new Playwright.CreateOptions().setEnv(driverEnv));
            var browserEnv = new HashMap<>(env);
            var failures = new ArrayList<String>();
            for (var candidate : browsers) {
                try {
                    // a window of its own size, so the "Capture login" window beside it stays in view
                    var options = new BrowserType.LaunchOptions().setHeadless(false).setEnv(browserEnv).setTimeout(30_000)
                            .setArgs(List.of("--window-size=1024,768"));
                    browser = playwright.chromium().launch(candidate.executable() != null
                            ? options.setExecutablePath(candidate.executable()) : options.setChannel(candidate.channel()));
                    used = candidate;
                    break;
                } catch (PlaywrightException e) {
                    failures.add(candidate + ": " + firstLine(e.getMessage()));
                }
            }
            if (browser == null) {
                closeQuietly();
                throw new IllegalStateException("no browser would start (" + String.join("; ", failures)
                        + "). Install Chrome or Chromium, or set the browser's path here.");
            }
            var contextOptions = new Browser.NewContextOptions().setViewportSize(null);
            if (storageState != null) {
                contextOptions.setStorageState(storageState);
            }
            context = browser.newContext(contextOptions);
            page = context.newPage();
            page.onClose(p -> closedByOperator.complete(null));
            browser.onDisconnected(b -> closedByOperator.complete(null));
            page.navigate(url);
            LOG.info("login capture: " + used + " open at " + url);
            return used;
        }, thread);
    }

    /** Completes when the operator closed the browser's page or window by hand. */
    public CompletableFuture<Void> closedByOperator() {
        return closedByOperator;
    }

    /** The storage state (cookies and local storage) as the browser has it now, then the browser closed. */
    public CompletableFuture<String> done() {
        return CompletableFuture.supplyAsync(() -> {
            if (context == null) {
                throw new IllegalStateException("the browser is not open");
            }
            try {
                return context.storageState(); // no path: kept in memory, never written
            } finally {
                closeQuietly();
            }
        }, thread);
    }

    /** Closes the browser; nothing is taken from it. Again after that: nothing more happens. */
    public CompletableFuture<Void> cancel() {
        if (thread.isShutdown()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(this::closeQuietly, thread);
    }

    /** Runs {@code action} with the page, on the capture's thread (what the operator does, for tests). */
    public <T> CompletableFuture<T> onPage(Function<Page, T> action) {
        return CompletableFuture.supplyAsync(() -> action.apply(page), thread);
    }

    /** Whether the browser has been closed (after Done, Cancel, or a failed start). */
    public boolean closed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        if (!thread.isShutdown()) {
            cancel().whenComplete((v, e) -> thread.shutdown());
        }
    }

    private void closeQuietly() {
        try {
            if (browser != null) {
                browser.close();
            }
        } catch (PlaywrightException e) {
            LOG.fine("login capture: the browser was already gone (" + firstLine(e.getMessage()) + ")");
        }
        try {
            if (playwright != null) {
                playwright.close();
            }
        } catch (PlaywrightException e) {
            LOG.fine("login capture: the driver was already gone (" + firstLine(e.getMessage()) + ")");
        }
        browser = null;
        context = null;
        page = null;
        playwright = null;
        closed = true;
    }

    private static boolean delete(Path folder) {
        try (var walk = Files.walk(folder)) {
            for (var p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
            return true;
        } catch (java.nio.file.NoSuchFileException gone) {
            return true;
        } catch (IOException e) {
            LOG.warning("login capture: could not delete " + folder + " (" + e.getMessage() + "); delete it by hand");
            return false;
        }
    }

    private static Path root;

    /** The desktop's private temporary folder for login captures: made once, deleted when the process ends. */
    static synchronized Path privateRoot() {
        if (root == null || !Files.isDirectory(root)) {
            root = privateFolder(null, "cloudvoter-login-");
            var made = root;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(made), "cloudvoter-login-cleanup"));
        }
        return root;
    }

    private static Path privateFolder(Path in, String prefix) {
        try {
            var owner = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
            try {
                return in == null ? Files.createTempDirectory(prefix, owner) : Files.createTempDirectory(in, prefix, owner);
            } catch (UnsupportedOperationException notPosix) {
                return in == null ? Files.createTempDirectory(prefix) : Files.createTempDirectory(in, prefix);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a private temporary folder for the browser", e);
        }
    }

    /** The driver's message without its call log: its first lines that say something, on one line. */
    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        var said = String.join(" ", message.lines().map(String::strip).filter(l -> l.length() > 1 && !l.equals("Error {"))
                .takeWhile(l -> !l.startsWith("Call log") && !l.startsWith("=====")).limit(3).toList());
        return said.length() > 300 ? said.substring(0, 300) + "…" : said;
    }
}
