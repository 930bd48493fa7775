package io.cloudvoter.agent.flow;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a run's page answered, seen as it happened: every response (for {@code expect: response})
 * and the HTTP status of the latest document the main frame loaded (an error page decides
 * {@code waitFor: outcome} at once). Fed by Playwright's response events, which arrive under the
 * worker's gate.
 */
final class RunWatch implements AutoCloseable {
    /** One response: enough to check an expectation and to say what was seen instead. */
    record Seen(String url, String method, int status) {
    }

    private static final int KEPT = 500;

    private final Page page;
    private final List<Seen> seen = new ArrayList<>();
    private final Consumer<Response> listener = this::seen;
    private volatile int documentStatus;

    RunWatch(Page page) {
        this.page = page;
        page.onResponse(listener);
    }

    private void seen(Response response) {
        var request = response.request();
        synchronized (seen) {
            if (seen.size() < KEPT) {
                seen.add(new Seen(response.url(), request.method(), response.status()));
            }
        }
        if (request.isNavigationRequest() && response.frame() == page.mainFrame()) {
            documentStatus = response.status();
        }
    }

    List<Seen> responses() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    /** The status of the main frame's latest document; 0 before any. */
    int documentStatus() {
        return documentStatus;
    }

    @Override
    public void close() {
        try {
            if (!page.isClosed()) {
                page.offResponse(listener);
            }
        } catch (RuntimeException e) {
            // the page went away just now
        }
    }
}
