package io.cloudvoter.desktop.alerts;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.cloudvoter.desktop.widgets.Badges;
import io.cloudvoter.desktop.widgets.Display;
import io.cloudvoter.model.api.Alert;
import io.cloudvoter.model.api.AlertChannel;
import io.cloudvoter.model.api.AlertDelivery;
import io.cloudvoter.model.api.AlertMute;
import io.cloudvoter.model.api.AlertSeverity;

import javafx.beans.property.SimpleStringProperty;
import javafx.collections.ObservableList;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import java.time.ZoneId;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The tables of the Alerts view: alerts, deliveries, channels (with a Test button each), mutes (with Lift). */
final class AlertTables {
    private AlertTables() {
    }

    static TableView<Alert> alerts(ObservableList<Alert> rows, ZoneId zone, boolean resolvedToo, String empty) {
        var t = table(rows, empty);
        t.getColumns().add(badge("Severity", 90, a -> a.severity().name().toLowerCase(), a -> tone(a.severity())));
        if (resolvedToo) {
            t.getColumns().add(badge("State", 90, a -> a.state().name().toLowerCase(), a -> a.state().name().equals("OPEN") ? "danger" : "success"));
        }
        t.getColumns().add(column("Alert", 190, AlertsModel::label));
        t.getColumns().add(column("Message", 360, Alert::message));
        t.getColumns().add(column("Opened", 125, a -> Display.shortDateTime(a.openedAt(), zone)));
        t.getColumns().add(resolvedToo ? column("Resolved", 125, a -> a.resolvedAt() == null ? "" : Display.shortDateTime(a.resolvedAt(), zone))
                : column("Last notified", 125, a -> a.notifiedAt() == null ? "" : Display.shortDateTime(a.notifiedAt(), zone)));
        t.getColumns().add(column("Sent", 55, a -> Integer.toString(a.notifications())));
        t.getColumns().add(column("Muted", 200, a -> a.muted() == null ? "" : a.muted()));
        return t;
    }

    static TableView<AlertDelivery> deliveries(ObservableList<AlertDelivery> rows, ZoneId zone) {
        var t = table(rows, "No notification has been sent yet.");
        t.getColumns().add(column("Created", 125, d -> Display.shortDateTime(d.createdAt(), zone)));
        t.getColumns().add(column("Channel", 90, AlertDelivery::channel));
        t.getColumns().add(column("Kind", 75, d -> d.kind().toLowerCase()));
        t.getColumns().add(badge("State", 95, d -> d.state().toLowerCase(), d -> switch (d.state()) {
            case "DELIVERED" -> "success";
            case "PENDING" -> "warning";
            case "EXPIRED" -> "danger";
            default -> "neutral";
        }));
        t.getColumns().add(column("Alert", 210, AlertDelivery::alertKey));
        t.getColumns().add(column("Tries", 50, d -> Integer.toString(d.attempts())));
        t.getColumns().add(column("Next try", 125, d -> d.nextAttemptAt() == null ? "" : Display.shortDateTime(d.nextAttemptAt(), zone)));
        t.getColumns().add(column("Error", 320, d -> d.lastError() == null ? "" : d.lastError()));
        return t;
    }

    static TableView<AlertChannel> channels(ObservableList<AlertChannel> rows, Consumer<String> test) {
        var t = table(rows, "No channel is configured: set CLOUDVOTER_ALERT_WEBHOOK or cloudvoter.alerts.channels on the agent.");
        t.getColumns().add(column("Channel", 100, AlertChannel::name));
        t.getColumns().add(column("Type", 75, AlertChannel::type));
        t.getColumns().add(column("Target", 240, AlertChannel::target));
        t.getColumns().add(column("Severities", 170, c -> c.severities().stream().map(s -> s.name().toLowerCase()).collect(Collectors.joining(", "))));
        t.getColumns().add(column("Pending", 70, c -> Long.toString(c.pending())));
        t.getColumns().add(column("Delivered", 75, c -> Long.toString(c.delivered())));
        t.getColumns().add(column("Failed tries", 85, c -> Long.toString(c.failedAttempts())));
        t.getColumns().add(action("", 80, "Test", "test-", AlertChannel::name, c -> test.accept(c.name())));
        return t;
    }

    static TableView<AlertMute> mutes(ObservableList<AlertMute> rows, ZoneId zone, Consumer<AlertMute> lift) {
        var t = table(rows, "Nothing is muted.");
        t.getColumns().add(column("Scope", 160, AlertMute::scope));
        t.getColumns().add(column("Until", 140, m -> Display.dateTime(m.until(), zone)));
        t.getColumns().add(column("Source", 100, m -> m.source().equals("maintenance") ? "maintenance window" : "muted here or via API"));
        t.getColumns().add(action("", 80, "Lift", "lift-", m -> m.scope(), m -> {
            if (m.id() > 0) {
                lift.accept(m);
            }
        }));
        return t;
    }

    static String tone(AlertSeverity s) {
        return switch (s) {
            case CRITICAL -> "danger";
            case WARNING -> "warning";
            case INFO -> "accent";
        };
    }

    private static <S> TableView<S> table(ObservableList<S> rows, String empty) {
        var t = new TableView<>(rows);
        t.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE, Styles.DENSE);
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        t.setPlaceholder(new Label(empty));
        return t;
    }

    private static <S> TableColumn<S, String> column(String title, double width, Function<S, String> text) {
        var c = new TableColumn<S, String>(title);
        c.setPrefWidth(width);
        c.setMinWidth(Math.min(width, 60));
        c.setCellValueFactory(cell -> new SimpleStringProperty(text.apply(cell.getValue())));
        return c;
    }

    private static <S> TableColumn<S, S> badge(String title, double width, Function<S, String> text, Function<S, String> tone) {
        var c = new TableColumn<S, S>(title);
        c.setPrefWidth(width);
        c.setMinWidth(width);
        c.setCellValueFactory(cell -> new javafx.beans.property.SimpleObjectProperty<>(cell.getValue()));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(S item, boolean isEmpty) {
                super.updateItem(item, isEmpty);
                setText(null);
                setGraphic(isEmpty || item == null ? null : Badges.of(text.apply(item), tone.apply(item)));
            }
        });
        return c;
    }

    private static <S> TableColumn<S, S> action(String title, double width, String label, String idPrefix, Function<S, String> idOf,
                                                Consumer<S> act) {
        var c = new TableColumn<S, S>(title);
        c.setPrefWidth(width);
        c.setMinWidth(width);
        c.setSortable(false);
        c.setCellValueFactory(cell -> new javafx.beans.property.SimpleObjectProperty<>(cell.getValue()));
        c.setCellFactory(col -> new TableCell<>() {
            private final Button button = new Button(label);

            {
                button.getStyleClass().addAll(Styles.SMALL);
                button.setOnAction(e -> {
                    if (getItem() != null) {
                        act.accept(getItem());
                    }
                });
            }

            @Override
            protected void updateItem(S item, boolean isEmpty) {
                super.updateItem(item, isEmpty);
                setText(null);
                if (isEmpty || item == null) {
                    setGraphic(null);
                } else {
                    button.setId(idPrefix + idOf.apply(item));
                    button.setDisable(item instanceof AlertMute m && m.id() == 0);
                    setGraphic(button);
                }
            }
        });
        return c;
    }
}
