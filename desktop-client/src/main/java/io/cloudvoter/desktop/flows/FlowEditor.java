package io.cloudvoter.desktop.flows;

import io.cloudvoter.model.api.FlowProblem;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The flow's source: a code area with line numbers, YAML (or JSON) colours, and every line the agent
 * found a problem at marked in the gutter and tinted, its reasons in the marker's tooltip.
 */
final class FlowEditor extends StackPane {
    static final String PROBLEM_LINE = "problem-line";

    private final CodeArea area = new CodeArea();
    private Map<Integer, List<FlowProblem>> marked = Map.of();

    FlowEditor(ObservableList<FlowProblem> problems) {
        getStyleClass().add("flow-editor");
        area.getStyleClass().add("flow-code");
        area.setId("flow-code");
        area.textProperty().addListener((o, a, text) -> area.setStyleSpans(0, FlowHighlight.spans(text)));
        var numbers = LineNumberFactory.get(area);
        IntFunction<Node> gutter = line -> {
            var box = new HBox(numbers.apply(line), marker(line));
            box.setAlignment(Pos.CENTER_LEFT);
            return box;
        };
        area.setParagraphGraphicFactory(gutter);
        problems.addListener((ListChangeListener<FlowProblem>) c -> mark(problems));
        getChildren().add(new VirtualizedScrollPane<>(area));
    }

    CodeArea area() {
        return area;
    }

    String text() {
        return area.getText();
    }

    void setText(String text) {
        area.replaceText(text == null ? "" : text);
        area.moveTo(0);
        area.requestFollowCaret();
        area.getUndoManager().forgetHistory();
    }

    /** Puts the caret at the start of {@code line} (from 1) and scrolls it into view. */
    void goTo(int line) {
        int paragraph = Math.max(0, Math.min(line - 1, area.getParagraphs().size() - 1));
        area.moveTo(paragraph, 0);
        area.showParagraphAtCenter(paragraph);
        area.requestFocus();
    }

    /** The lines (from 1) marked as having problems. */
    List<Integer> markedLines() {
        return List.copyOf(marked.keySet());
    }

    private void mark(List<FlowProblem> problems) {
        for (int line : marked.keySet()) {
            if (line - 1 < area.getParagraphs().size()) {
                area.setParagraphStyle(line - 1, List.of());
            }
        }
        marked = problems.stream().filter(p -> p.line() != null && p.line() - 1 < area.getParagraphs().size())
                .collect(Collectors.groupingBy(FlowProblem::line, TreeMap::new, Collectors.toList()));
        for (int line : marked.keySet()) {
            area.setParagraphStyle(line - 1, List.of(PROBLEM_LINE));
        }
        // the gutter is drawn by the factory: set it again so the markers follow
        var factory = area.getParagraphGraphicFactory();
        area.setParagraphGraphicFactory(null);
        area.setParagraphGraphicFactory(factory);
    }

    private Node marker(int paragraph) {
        var here = marked.get(paragraph + 1);
        var dot = new javafx.scene.shape.Circle(4);
        dot.getStyleClass().add("problem-marker");
        dot.setVisible(here != null);
        var box = new StackPane(dot);
        box.setMinWidth(14);
        if (here != null) {
            Tooltip.install(box, new Tooltip(here.stream().map(FlowsView::describe).collect(Collectors.joining("\n"))));
        }
        return box;
    }
}
