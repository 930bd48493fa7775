package io.cloudvoter.desktop.instances;

import atlantafx.base.theme.Styles;
import io.cloudvoter.model.api.InstanceStatus;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Add an instance, add many at once ({@code poll-1 … poll-50}), or change one: its flow, cooldown,
 * whether it runs, its variables and its secrets. Secrets are typed into password fields and sent to the
 * agent's write-only endpoint; a secret already set shows only its name, and an empty field leaves it as
 * it is. The window stays open with the agent's reason when a request is refused.
 */
public final class InstanceForm extends VBox {
    public enum Mode { ADD, ADD_MANY, EDIT }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern VAR = Pattern.compile("\\s*([^=:\\s]+)\\s*[=:]\\s?(.*)");

    private final Mode mode;
    private final InstanceChanges changes;
    private final TextField id = new TextField();
    private final TextField prefix = new TextField("poll-");
    private final TextField count = new TextField("10");
    private final TextField first = new TextField("1");
    private final ComboBox<String> flow = new ComboBox<>();
    private final TextField cooldown = new TextField();
    private final CheckBox enabled = new CheckBox("Enabled: runs on its schedule");
    private final TextArea vars = new TextArea();
    private final VBox secrets = new VBox(4);
    private final Label problem = new Label();
    private final ProgressBar progress = new ProgressBar(0);
    private final Label progressText = new Label();
    private final Button ok = new Button();
    private Runnable close = () -> { };

    InstanceForm(Mode mode, InstanceChanges changes, List<String> flows, InstanceStatus current, List<String> secretNames) {
        this.mode = mode;
        this.changes = changes;
        getStyleClass().add("instance-form");
        setSpacing(10);
        setPadding(new Insets(14));
        flow.getItems().setAll(flows);
        flow.setMaxWidth(Double.MAX_VALUE);
        id.setPromptText("letters, digits, . _ -");
        cooldown.setPromptText("the flow's own (e.g. 30m, 90s, 1h30m)");
        enabled.setSelected(true);
        vars.setPromptText("one per line: name = value   (the flow reads them as {vars.name})");
        vars.setPrefRowCount(3);
        problem.getStyleClass().add(Styles.DANGER);
        problem.setWrapText(true);
        problem.setMinHeight(Region.USE_PREF_SIZE);
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.setVisible(false);
        if (current != null) {
            id.setText(current.id());
            id.setEditable(false);
            flow.setValue(current.flow());
            cooldown.setText(current.cooldown() == null ? "" : io.cloudvoter.desktop.widgets.Display.duration(current.cooldown()));
            enabled.setSelected(current.enabled());
            vars.setText(current.vars().entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                    .collect(java.util.stream.Collectors.joining("\n")));
        } else if (!flows.isEmpty()) {
            flow.setValue(flows.getFirst());
        }
        secretNames.forEach(n -> addSecretRow(n, true));
        ok.setText(switch (mode) {
            case ADD -> "Add";
            case ADD_MANY -> "Add " + count.getText();
            case EDIT -> "Save";
        });
        count.textProperty().addListener((o, a, c) -> ok.setText("Add " + c.strip()));
        ok.getStyleClass().add(Styles.ACCENT);
        ok.setDefaultButton(true);
        ok.setOnAction(e -> submit());
        ok.setId("instance-form-ok");
        var cancel = new Button("Cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> close.run());
        var buttons = new HBox(8, progressText, spacer(), cancel, ok);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        getChildren().addAll(grid(), progress, problem, buttons);
    }

    /** Opens the form as a window over {@code owner} (not blocking: it closes itself when done). */
    static InstanceForm show(Window owner, Mode mode, InstanceChanges changes, List<String> flows, InstanceStatus current,
                             List<String> secretNames) {
        var form = new InstanceForm(mode, changes, flows, current, secretNames);
        var stage = new Stage();
        if (owner != null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
        }
        stage.setTitle(switch (mode) {
            case ADD -> "Add an instance";
            case ADD_MANY -> "Add many instances";
            case EDIT -> "Change " + current.id();
        });
        var scene = new Scene(form, 600, Region.USE_COMPUTED_SIZE);
        scene.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                stage.close();
            }
        });
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
            scene.getRoot().getStyleClass().addAll(owner.getScene().getRoot().getStyleClass().filtered("dark"::equals));
        }
        stage.setScene(scene);
        form.close = stage::close;
        stage.show();
        (mode == Mode.ADD ? form.id : mode == Mode.ADD_MANY ? form.prefix : form.cooldown).requestFocus();
        return form;
    }

    public TextField id() {
        return id;
    }

    public TextField prefix() {
        return prefix;
    }

    public TextField count() {
        return count;
    }

    public TextField first() {
        return first;
    }

    public ComboBox<String> flow() {
        return flow;
    }

    public TextField cooldown() {
        return cooldown;
    }

    public CheckBox enabled() {
        return enabled;
    }

    public TextArea vars() {
        return vars;
    }

    public Label problem() {
        return problem;
    }

    public Label progressText() {
        return progressText;
    }

    /** Adds a row for a secret: its name and a password field for its value. */
    public PasswordField addSecret(String name) {
        return addSecretRow(name, false);
    }

    /** Checks what was filled in, then sends it; the window closes once the agent has said yes. */
    public void submit() {
        problem.setText("");
        var draft = draft();
        if (draft == null) {
            return;
        }
        ok.setDisable(true);
        switch (mode) {
            case ADD -> changes.add(draft, s -> close.run(), this::refused);
            case EDIT -> changes.update(draft, s -> close.run(), this::refused);
            case ADD_MANY -> addMany(draft);
        }
    }

    private void addMany(InstanceDraft draft) {
        int n = Integer.parseInt(count.getText().strip());
        var batch = changes.addMany(draft, InstanceDraft.ids(prefix.getText().strip(), Integer.parseInt(first.getText().strip()), n));
        progress.setVisible(true);
        Runnable update = () -> {
            int done = batch.addedProperty().get() + batch.failedProperty().get();
            progress.setProgress(done / (double) n);
            progressText.setText(batch.addedProperty().get() + " of " + n + " added"
                    + (batch.failedProperty().get() == 0 ? "" : ", " + batch.failedProperty().get() + " refused"));
            if (batch.finished()) {
                if (batch.failedProperty().get() == 0) {
                    close.run();
                } else {
                    problem.setText(String.join("\n", batch.failures().subList(0, Math.min(5, batch.failures().size()))));
                    ok.setDisable(false);
                }
            }
        };
        batch.addedProperty().addListener((o, a, b) -> update.run());
        batch.failedProperty().addListener((o, a, b) -> update.run());
        update.run();
    }

    private void refused(String why) {
        problem.setText(why);
        ok.setDisable(false);
    }

    /** The draft, or null with the reason shown. */
    private InstanceDraft draft() {
        if (flow.getValue() == null) {
            return fail("Choose a flow (the Flows tab makes one).");
        }
        if (mode == Mode.ADD_MANY) {
            if (!NAME.matcher(prefix.getText().strip() + "1").matches()) {
                return fail("Prefix: letters, digits, . _ - (the ids are prefix + number).");
            }
            int n;
            int from;
            try {
                n = Integer.parseInt(count.getText().strip());
                from = Integer.parseInt(first.getText().strip());
            } catch (NumberFormatException e) {
                return fail("Count and first number are whole numbers.");
            }
            if (n < 1 || n > 1000 || from < 0) {
                return fail("Count: 1 to 1000; first number: 0 or more.");
            }
        } else if (!NAME.matcher(id.getText().strip()).matches()) {
            return fail("Id: letters, digits, . _ -; at most 64.");
        }
        var values = new LinkedHashMap<String, String>();
        for (var line : vars.getText().split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            var m = VAR.matcher(line);
            if (!m.matches() || !NAME.matcher(m.group(1)).matches()) {
                return fail("Variables: '" + line.strip() + "' is not name = value.");
            }
            values.put(m.group(1), m.group(2).strip());
        }
        var secretValues = secretValues();
        if (secretValues == null) {
            return null;
        }
        return new InstanceDraft(mode == Mode.ADD_MANY ? null : id.getText().strip(), flow.getValue(), cooldown.getText(),
                enabled.isSelected(), values, secretValues);
    }

    private Map<String, String> secretValues() {
        var values = new LinkedHashMap<String, String>();
        for (var row : secrets.getChildren()) {
            var box = (HBox) row;
            var name = ((TextField) box.getChildren().get(0)).getText().strip();
            var value = ((PasswordField) box.getChildren().get(1)).getText();
            if (value.isEmpty()) {
                continue; // a secret already set stays as it is; a new row left empty is nothing
            }
            if (!NAME.matcher(name).matches()) {
                fail("Secrets: '" + name + "' is not a name (letters, digits, . _ -).");
                return null;
            }
            values.put(name, value);
        }
        return values;
    }

    private PasswordField addSecretRow(String name, boolean set) {
        var key = new TextField(name);
        key.setPromptText("name");
        key.setPrefColumnCount(10);
        key.setEditable(!set);
        var value = new PasswordField();
        value.setPromptText(set ? "set (write-only): type to replace" : "value (write-only: never shown again)");
        HBox.setHgrow(value, Priority.ALWAYS);
        secrets.getChildren().add(new HBox(6, key, value));
        if (getScene() != null && getScene().getWindow() != null) {
            getScene().getWindow().sizeToScene();
        }
        return value;
    }

    private InstanceDraft fail(String why) {
        problem.setText(why);
        return null;
    }

    private GridPane grid() {
        var grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        int row = 0;
        if (mode == Mode.ADD_MANY) {
            var from = new Label("numbered from");
            var howMany = new Label("count");
            from.setMinWidth(Region.USE_PREF_SIZE);
            howMany.setMinWidth(Region.USE_PREF_SIZE);
            var ids = new HBox(6, prefix, from, first, howMany, count);
            ids.setAlignment(Pos.CENTER_LEFT);
            prefix.setPrefColumnCount(10);
            first.setPrefColumnCount(4);
            count.setPrefColumnCount(4);
            var example = new Label();
            example.getStyleClass().add(Styles.TEXT_MUTED);
            Runnable sample = () -> example.setText(sample());
            prefix.textProperty().addListener((o, a, b) -> sample.run());
            first.textProperty().addListener((o, a, b) -> sample.run());
            count.textProperty().addListener((o, a, b) -> sample.run());
            sample.run();
            grid.addRow(row++, new Label("Ids"), ids);
            grid.add(example, 1, row++);
        } else {
            grid.addRow(row++, new Label("Id"), id);
        }
        grid.addRow(row++, new Label("Flow"), flow);
        grid.addRow(row++, new Label("Cooldown"), cooldown);
        grid.add(enabled, 1, row++);
        grid.addRow(row++, new Label("Variables"), vars);
        var addSecret = new Button("Add a secret");
        addSecret.getStyleClass().add(Styles.SMALL);
        addSecret.setOnAction(e -> addSecret(""));
        var secretNote = new Label(mode == Mode.EDIT
                ? "Write-only: the agent never gives them back. Leave every field empty to keep them as they are; typing any"
                + " replaces them all, so type each one the flow needs."
                : "Write-only: sent to the agent once, never shown again (at least 4 characters each).");
        secretNote.setWrapText(true);
        secretNote.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        var secretBox = new VBox(4, secrets, addSecret, secretNote);
        grid.addRow(row, new Label("Secrets"), secretBox);
        GridPane.setHgrow(flow, Priority.ALWAYS);
        var labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE); // "Variables" whole, never "…"
        var grow = new javafx.scene.layout.ColumnConstraints();
        grow.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().setAll(labels, grow);
        return grid;
    }

    private String sample() {
        try {
            int from = Integer.parseInt(first.getText().strip());
            int n = Integer.parseInt(count.getText().strip());
            var p = prefix.getText().strip();
            return n <= 0 ? "" : n == 1 ? p + from : n == 2 ? p + from + ", " + p + (from + 1)
                    : p + from + ", " + p + (from + 1) + " … " + p + (from + n - 1);
        } catch (NumberFormatException e) {
            return "";
        }
    }

    private static Region spacer() {
        var r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }
}
