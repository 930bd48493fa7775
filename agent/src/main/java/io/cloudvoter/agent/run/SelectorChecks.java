package io.cloudvoter.agent.run;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import io.cloudvoter.agent.browser.BrowserWorker;
import io.cloudvoter.agent.browser.BrowserWorkers;
import io.cloudvoter.agent.flow.FlowCatalog;
import io.cloudvoter.model.api.FlowProblem;
import io.cloudvoter.model.flow.Expectation;
import io.cloudvoter.model.flow.FlowSpec;
import io.cloudvoter.model.flow.Step;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A flow's selectors checked with Playwright's own parser, on a blank page: once a browser is up
 * after the flow was loaded, and before its first run at the latest. A selector Playwright cannot
 * parse ({@code button[name=vote}) makes the flow a flow error, its instances {@code INVALID}, instead
 * of an {@code ERROR} run every cooldown. Selectors with placeholders are checked once filled in, by
 * the run itself.
 */
public final class SelectorChecks {
    private static final Logger LOG = Logger.getLogger(SelectorChecks.class.getName());
    private static final double CHECK_MS = 2_000;

    private final FlowCatalog flows;
    private final BrowserWorkers browsers;

    public SelectorChecks(FlowCatalog flows, BrowserWorkers browsers) {
        this.flows = flows;
        this.browsers = browsers;
    }

    /** Checks {@code flow} if it has not been; whether it may run. On the caller's thread (a run's). */
    public boolean ensure(FlowSpec flow) {
        if (!flows.checked(flow)) {
            var problems = browsers.call("selector check of flow " + flow.name(), (worker, session) -> check(flow, session));
            flows.selectorsChecked(flow, problems);
        }
        return flows.find(flow.name()).isPresent();
    }

    /** Checks the loaded flows not checked yet, on a thread of its own, if a browser is running anyway. */
    public void checkLoaded() {
        if (!"UP".equals(browsers.status().state()) || flows.unchecked().isEmpty()) {
            return;
        }
        Thread.ofVirtual().name("cloudvoter-selector-check").start(() -> {
            for (var flow : flows.unchecked()) {
                try {
                    ensure(flow);
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "selector check of " + flow.name() + " deferred to its first run", e);
                    return;
                }
            }
        });
    }

    private static List<FlowProblem> check(FlowSpec flow, BrowserWorker.Session session) {
        Page page = session.open(new Browser.NewContextOptions()).newPage();
        var problems = new ArrayList<FlowProblem>();
        selectors(flow).forEach((field, selector) -> {
            try {
                page.locator(selector).count();
            } catch (PlaywrightException e) {
                if (page.isClosed()) {
                    throw e;
                }
                problems.add(new FlowProblem("", field, "Playwright cannot use the selector \"" + selector + "\": "
                        + BrowserWorker.firstLine(e.getMessage())));
            }
        });
        return problems;
    }

    /** Field path → selector, for every selector of the flow without placeholders. */
    static Map<String, String> selectors(FlowSpec flow) {
        var out = new LinkedHashMap<String, String>();
        for (int i = 0; i < flow.steps().size(); i++) {
            var step = flow.steps().get(i) instanceof Step.Optional o ? o.step() : flow.steps().get(i);
            var at = "steps[" + i + "]." + step.kind();
            switch (step) {
                case Step.Click c -> {
                    for (int j = 0; j < c.selectors().size(); j++) {
                        put(out, c.selectors().size() == 1 ? at : at + "[" + j + "]", c.selectors().get(j));
                    }
                }
                case Step.Fill f -> put(out, at + ".selector", f.selector());
                case Step.Press p -> put(out, at + ".selector", p.selector());
                case Step.WaitFor w -> put(out, at + ".selector", w.selector());
                case Step.Extract e -> put(out, at + ".selector", e.selector());
                default -> {
                }
            }
        }
        var expect = flow.outcome().expect();
        for (int i = 0; i < expect.size(); i++) {
            if (expect.get(i) instanceof Expectation.Element el) {
                put(out, "outcome.expect[" + i + "].element.selector", el.selector());
            }
        }
        return out;
    }

    private static void put(Map<String, String> out, String field, String selector) {
        if (selector != null && !selector.contains("${")) {
            out.put(field, selector);
        }
    }
}
