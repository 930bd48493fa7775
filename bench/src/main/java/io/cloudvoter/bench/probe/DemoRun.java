package io.cloudvoter.bench.probe;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.WaitForSelectorState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The demo flow written by hand with Playwright, the way a bare script would do what the agent
 * does for one run: a fresh context, the flow's resource blocking, open the poll, click the first
 * visible vote button, wait for the message, read the counter and the page text, keep the storage
 * state, close.
 */
final class DemoRun {
    private static final Set<String> BLOCKED = Set.of("image", "font", "media");
    private static final Locator.FilterOptions VISIBLE = new Locator.FilterOptions().setVisible(true);
    private final String target;
    private final Path state;

    DemoRun(String target, Path state) {
        this.target = target;
        this.state = state;
    }

    /** One run; true when the page thanked us. */
    boolean run(Browser browser) {
        try (var context = browser.newContext()) {
            var page = context.newPage();
            page.route("**/*", route -> {
                if (BLOCKED.contains(route.request().resourceType())) {
                    route.abort();
                } else {
                    route.fallback();
                }
            });
            page.navigate(target);
            var vote = page.locator("#vote").filter(VISIBLE).first();
            if (vote.isVisible()) {
                vote.click();
            } else {
                page.locator("button:has-text('Vote')").filter(VISIBLE).first().click();
            }
            page.locator("#message").filter(VISIBLE).first().waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE));
            page.locator("#count").first().innerText();
            var text = page.locator("body").innerText();
            Files.writeString(state, context.storageState());
            return text.contains("Thanks for voting");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
