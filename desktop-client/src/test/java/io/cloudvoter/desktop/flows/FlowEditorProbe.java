package io.cloudvoter.desktop.flows;

import java.util.Collection;
import java.util.List;

/** What a test reads from the flow editor: the marked lines, a line's paragraph style, where the caret is. */
public final class FlowEditorProbe {
    private FlowEditorProbe() {
    }

    public static List<Integer> markedLines(FlowsView view) {
        return view.editor().markedLines();
    }

    public static Collection<String> paragraphStyle(FlowsView view, int line) {
        return view.editor().area().getParagraph(line - 1).getParagraphStyle();
    }

    /** From 1. */
    public static int caretLine(FlowsView view) {
        return view.editor().area().getCurrentParagraph() + 1;
    }
}
