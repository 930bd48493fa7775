package io.cloudvoter.agent.testing;

import com.microsoft.playwright.Playwright;

import java.util.Map;

/**
 * Playwright unpacks its driver once per JVM, into the folder {@code playwright.driver.tmpdir} names
 * at that moment, and reuses it for every later {@code Playwright.create()}. An agent sets that
 * property to its data dir, which in a test is a temporary folder deleted when its test class ends;
 * every agent after it in the same test JVM would then fail with "Failed to launch driver". Pinning
 * the driver to the JVM's own temp folder before the first agent avoids that.
 */
public final class PlaywrightDriver {
    private static boolean pinned;

    private PlaywrightDriver() {
    }

    public static synchronized void pin() {
        if (pinned) {
            return;
        }
        String agentFolder = System.getProperty("playwright.driver.tmpdir");
        System.clearProperty("playwright.driver.tmpdir");
        try (var p = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            pinned = true;
        } finally {
            if (agentFolder != null) {
                System.setProperty("playwright.driver.tmpdir", agentFolder);
            }
        }
    }
}
