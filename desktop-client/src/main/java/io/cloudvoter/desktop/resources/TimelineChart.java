package io.cloudvoter.desktop.resources;

import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.shape.Line;
import javafx.util.StringConverter;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * A line chart over time (x = epoch seconds, labelled as clock time) that also draws vertical markers,
 * one per guard action, so a spike and what the guard did about it line up on one screen.
 */
public final class TimelineChart extends LineChart<Number, Number> {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    /** A vertical line at {@code time}, labelled, in one of the badge tones. */
    public record Marker(Instant time, String label, String detail, String tone) {
    }

    private static final int LABEL_ROWS = 4;

    private final ObservableList<Marker> markers = FXCollections.observableArrayList();
    private final java.util.List<Line> lines = new java.util.ArrayList<>();
    private final java.util.List<Label> labels = new java.util.ArrayList<>();

    public TimelineChart(String yLabel, ZoneId zone) {
        super(timeAxis(zone), new NumberAxis());
        getYAxis().setLabel(yLabel);
        setCreateSymbols(false);
        setAnimated(false);
        setLegendVisible(true);
        getStyleClass().add("timeline-chart");
        markers.addListener((ListChangeListener<Marker>) c -> rebuildMarkers());
    }

    public ObservableList<Marker> markers() {
        return markers;
    }

    public NumberAxis timeAxis() {
        return (NumberAxis) getXAxis();
    }

    private static NumberAxis timeAxis(ZoneId zone) {
        var axis = new NumberAxis();
        axis.setAutoRanging(false);
        axis.setForceZeroInRange(false);
        axis.setMinorTickVisible(false);
        axis.setTickUnit(120);
        axis.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number seconds) {
                return CLOCK.format(Instant.ofEpochSecond(seconds.longValue()).atZone(zone));
            }

            @Override
            public Number fromString(String s) {
                return 0;
            }
        });
        return axis;
    }

    private void rebuildMarkers() {
        getPlotChildren().removeAll(lines);
        getPlotChildren().removeAll(labels);
        lines.clear();
        labels.clear();
        for (var m : markers) {
            var line = new Line();
            line.getStyleClass().addAll("marker-line", m.tone());
            var label = new Label(m.label());
            label.getStyleClass().addAll("marker-label", m.tone());
            Tooltip.install(label, new Tooltip(m.detail()));
            lines.add(line);
            labels.add(label);
        }
        getPlotChildren().addAll(lines);
        getPlotChildren().addAll(labels);
        requestChartLayout();
    }

    @Override
    protected void layoutPlotChildren() {
        super.layoutPlotChildren();
        double height = getYAxis().getHeight();
        var x = timeAxis();
        // each label goes into the first of a few rows where it does not overlap the one before it
        double[] rowEnds = new double[LABEL_ROWS];
        java.util.Arrays.fill(rowEnds, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < markers.size() && i < lines.size(); i++) {
            double seconds = markers.get(i).time().toEpochMilli() / 1000.0;
            boolean inside = seconds >= x.getLowerBound() && seconds <= x.getUpperBound();
            double px = x.getDisplayPosition(seconds);
            var line = lines.get(i);
            line.setVisible(inside);
            line.setStartX(px);
            line.setEndX(px);
            line.setStartY(0);
            line.setEndY(height);
            var label = labels.get(i);
            label.setVisible(inside);
            label.autosize();
            double left = Math.min(px + 3, x.getWidth() - label.getWidth());
            int row = 0;
            for (int r = 0; r < LABEL_ROWS; r++) {
                if (rowEnds[r] + 2 <= left) {
                    row = r;
                    break;
                }
                if (rowEnds[r] < rowEnds[row]) {
                    row = r;
                }
            }
            if (inside) {
                rowEnds[row] = left + label.getWidth();
            }
            label.relocate(left, 2 + row * (label.getHeight() + 2));
        }
    }
}
