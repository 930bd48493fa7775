package io.cloudvoter.desktop.resources;

import atlantafx.base.theme.Styles;
import io.cloudvoter.desktop.connection.Liveness;
import io.cloudvoter.desktop.widgets.Display;
import io.cloudvoter.desktop.widgets.StaleBanner;
import io.cloudvoter.model.api.GuardAction;
import io.cloudvoter.model.api.ResourceSample;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Locale;
import java.util.function.Function;

/**
 * The agent's browser workers (local and browser nodes, live), then CPU and memory of the machine,
 * the agent and Chromium over the last 15 minutes, with the guard's actions marked on both charts and
 * listed below them.
 */
public final class ResourcesView extends BorderPane {
    private static final double MB = 1024.0 * 1024;

    private final ResourcesModel model;
    private final ZoneId zone;
    private final ListView<GuardAction> guardList;
    private final TimelineChart cpu;
    private final TimelineChart memory;
    private final Label figures = new Label();
    private final WorkersTable workers;

    public ResourcesView(ResourcesModel model, Liveness liveness, ZoneId zone) {
        this.model = model;
        this.zone = zone;
        getStyleClass().add("resources-view");
        cpu = new TimelineChart("CPU %", zone);
        cpu.setTitle("CPU (% of the whole machine)");
        // a share of the machine: always 0..100, so a busy minute does not stretch the scale to 125
        var percent = (javafx.scene.chart.NumberAxis) cpu.getYAxis();
        percent.setAutoRanging(false);
        percent.setLowerBound(0);
        percent.setUpperBound(100);
        percent.setTickUnit(25);
        memory = new TimelineChart("MB", zone);
        memory.setTitle("Memory");
        // newest first: the list shows the last few actions without scrolling
        guardList = new ListView<GuardAction>(new javafx.collections.transformation.SortedList<>(model.guardActions(),
                java.util.Comparator.comparing(GuardAction::time).reversed()));
        guardList.setPrefHeight(120);
        guardList.setMinHeight(96);
        guardList.setFixedCellSize(24);
        guardList.setPlaceholder(new Label("The resource guard has not acted in the last 15 minutes."));
        guardList.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(GuardAction a, boolean empty) {
                super.updateItem(a, empty);
                setText(empty || a == null ? null : Display.time(a.time(), zone) + "  " + a.level() + "  " + a.action()
                        + "  — " + a.reason());
            }
        });
        figures.getStyleClass().add(Styles.TEXT_MUTED);
        var guardTitle = new Label("Guard actions");
        guardTitle.getStyleClass().add(Styles.TEXT_BOLD);
        workers = new WorkersTable(model.workers());
        var workersTitle = new Label("Browser workers");
        workersTitle.getStyleClass().add(Styles.TEXT_BOLD);
        VBox.setVgrow(cpu, Priority.ALWAYS);
        VBox.setVgrow(memory, Priority.ALWAYS);
        var charts = new VBox(4, workersTitle, workers, figures, cpu, memory, guardTitle, guardList);
        charts.setPadding(new Insets(8, 12, 10, 12));
        setCenter(charts);
        setTop(new StaleBanner(liveness, zone));
        StaleBanner.mark(charts, liveness);
        model.samples().addListener((ListChangeListener<ResourceSample>) c -> redraw());
        model.guardActions().addListener((ListChangeListener<GuardAction>) c -> redrawMarkers());
        redraw();
        redrawMarkers();
    }

    /** One row per browser worker, as the agent last reported them. */
    public WorkersTable workersTable() {
        return workers;
    }

    /** The guard's actions, newest first. */
    public ListView<GuardAction> guardList() {
        return guardList;
    }

    public TimelineChart cpuChart() {
        return cpu;
    }

    public TimelineChart memoryChart() {
        return memory;
    }

    private void redraw() {
        var samples = model.samples();
        cpu.getData().setAll(
                series("Machine", samples, ResourceSample::machineCpuPercent),
                series("Agent (JVM)", samples, ResourceSample::agentCpuPercent));
        memory.getData().setAll(
                series("Machine used", samples, s -> s.machineMemoryTotal() == null || s.machineMemoryAvailable() == null
                        ? null : (s.machineMemoryTotal() - s.machineMemoryAvailable()) / MB),
                series("Agent (PSS)", samples, s -> s.agentPss() == null ? null : s.agentPss() / MB),
                series("Chromium (PSS)", samples, s -> s.browserPss() == null ? null : s.browserPss() / MB));
        var start = model.windowStart();
        var latest = model.latest();
        for (var chart : new TimelineChart[]{cpu, memory}) {
            if (latest != null) {
                chart.timeAxis().setLowerBound(start.getEpochSecond());
                chart.timeAxis().setUpperBound(latest.time().getEpochSecond());
            }
        }
        figures.setText(latest == null ? "No samples yet." : describe(latest, zone));
    }

    /** "At 07:35:38 — machine CPU 12 % · available 1,228 of 2,048 MB · …": one unit, the charts' own. */
    static String describe(ResourceSample s, ZoneId zone) {
        var parts = new ArrayList<String>();
        if (s.machineCpuPercent() != null) {
            parts.add(String.format(Locale.ROOT, "machine CPU %.0f %%", s.machineCpuPercent()));
        }
        if (s.machineMemoryAvailable() != null && s.machineMemoryTotal() != null) {
            parts.add("memory available " + mb(s.machineMemoryAvailable()) + " of " + mb(s.machineMemoryTotal()));
        }
        if (s.agentPss() != null) {
            parts.add("agent " + mb(s.agentPss()));
        }
        if (s.browserPss() != null) {
            parts.add("Chromium " + mb(s.browserPss()) + (s.browserProcesses() == null ? "" : " in " + s.browserProcesses() + " processes"));
        }
        if (s.cgroupMemoryMax() != null && s.cgroupMemoryCurrent() != null) {
            parts.add("cgroup " + mb(s.cgroupMemoryCurrent()) + " of " + mb(s.cgroupMemoryMax()));
        }
        String when = "At " + Display.time(s.time(), zone);
        return parts.isEmpty() ? when + ": no readings in this sample" : when + " — " + String.join("  ·  ", parts);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%,d MB", Math.round(bytes / MB));
    }

    private void redrawMarkers() {
        var marks = model.guardActions().stream().map(a -> new TimelineChart.Marker(a.time(), a.action(),
                a.level() + ": " + a.reason(), tone(a.level()))).toList();
        cpu.markers().setAll(marks);
        memory.markers().setAll(marks);
    }

    private static String tone(String level) {
        return switch (level == null ? "" : level.toUpperCase(Locale.ROOT)) {
            case "NORMAL" -> "success";
            case "SOFT" -> "warning";
            default -> "danger";
        };
    }

    private static XYChart.Series<Number, Number> series(String name, java.util.List<ResourceSample> samples,
                                                         Function<ResourceSample, ? extends Number> value) {
        var data = new ArrayList<XYChart.Data<Number, Number>>(samples.size());
        for (var s : samples) {
            Number v = value.apply(s);
            if (v != null) {
                data.add(new XYChart.Data<>(s.time().toEpochMilli() / 1000.0, v));
            }
        }
        var series = new XYChart.Series<Number, Number>();
        series.setName(name);
        series.getData().setAll(data);
        return series;
    }
}
