package io.cloudvoter.desktop.session;

import io.cloudvoter.model.api.AgentInfo;
import io.cloudvoter.model.api.BrowserStatus;
import io.cloudvoter.model.api.FlowProblem;
import io.cloudvoter.model.api.HealthResponse;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;

/** One agent at a glance: who it is, monitoring, browser, flow errors, health and the fleet's figures. */
public final class AgentOverview {
    private final ReadOnlyObjectWrapper<AgentInfo> agent = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper monitoring = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<BrowserStatus> browser = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<HealthResponse> health = new ReadOnlyObjectWrapper<>();
    private final ObservableList<FlowProblem> flowErrors = FXCollections.observableArrayList();
    /** One read-only view, kept: a view made per call would drop its listeners when collected. */
    private final ObservableList<FlowProblem> flowErrorsView = FXCollections.unmodifiableObservableList(flowErrors);
    private final ReadOnlyIntegerWrapper instances = new ReadOnlyIntegerWrapper();
    private final ReadOnlyDoubleWrapper successRate = new ReadOnlyDoubleWrapper(-1);
    private final ReadOnlyLongWrapper memory = new ReadOnlyLongWrapper(-1);

    public ReadOnlyObjectProperty<AgentInfo> agentProperty() {
        return agent.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty monitoringProperty() {
        return monitoring.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<BrowserStatus> browserProperty() {
        return browser.getReadOnlyProperty();
    }

    /** The last answer of {@code /api/health}; null until the first one. */
    public ReadOnlyObjectProperty<HealthResponse> healthProperty() {
        return health.getReadOnlyProperty();
    }

    public ObservableList<FlowProblem> flowErrors() {
        return flowErrorsView;
    }

    public ReadOnlyIntegerProperty instancesProperty() {
        return instances.getReadOnlyProperty();
    }

    /** Successes ÷ (successes + failures) over all instances' counters; -1 with none. */
    public ReadOnlyDoubleProperty successRateProperty() {
        return successRate.getReadOnlyProperty();
    }

    /** Agent + Chromium memory (PSS) in bytes from the newest sample; -1 when unknown. */
    public ReadOnlyLongProperty memoryProperty() {
        return memory.getReadOnlyProperty();
    }

    public boolean monitoring() {
        return monitoring.get();
    }

    void agent(AgentInfo info) {
        agent.set(info);
    }

    public void monitoring(boolean on) {
        monitoring.set(on);
    }

    public void browser(BrowserStatus status) {
        browser.set(status);
    }

    void health(HealthResponse h) {
        health.set(h);
    }

    void flowErrors(List<FlowProblem> problems) {
        flowErrors.setAll(problems == null ? List.of() : problems);
    }

    void figures(int instanceCount, double rate, long memoryBytes) {
        instances.set(instanceCount);
        successRate.set(rate);
        memory.set(memoryBytes);
    }
}
