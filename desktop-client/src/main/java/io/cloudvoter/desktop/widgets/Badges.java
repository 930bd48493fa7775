package io.cloudvoter.desktop.widgets;

import io.cloudvoter.model.api.InstanceState;
import io.cloudvoter.model.api.Outcome;

import javafx.scene.control.Label;

import java.util.Locale;

/** Small coloured labels for states and outcomes, so a table reads at a glance. */
public final class Badges {
    public static final String BADGE = "badge";

    private Badges() {
    }

    public static Label of(String text, String tone) {
        var l = new Label(text);
        l.getStyleClass().addAll(BADGE, tone);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    public static String tone(Outcome outcome) {
        if (outcome == null) {
            return "neutral";
        }
        return switch (outcome) {
            case SUCCESS -> "success";
            case FAILED, ERROR -> "danger";
            case RATE_LIMITED -> "warning";
            case RUNNING -> "accent";
            case INTERRUPTED -> "neutral";
        };
    }

    public static String tone(InstanceState state) {
        if (state == null) {
            return "neutral";
        }
        return switch (state) {
            case RUNNING -> "accent";
            case SCHEDULED, QUEUED -> "success";
            case PAUSED -> "warning";
            case INVALID -> "danger";
            case STOPPED, DISABLED -> "neutral";
        };
    }

    /** "RATE_LIMITED" → "rate limited". */
    public static String words(Enum<?> e) {
        return e == null ? "" : e.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** A table cell whose graphic is a badge. */
    public static <S, T extends Enum<T>> javafx.scene.control.TableCell<S, T> cell(java.util.function.Function<T, String> toneOf) {
        return new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(null);
                setGraphic(empty || item == null ? null : of(words(item), toneOf.apply(item)));
            }
        };
    }
}
