package io.cloudvoter.desktop.connection;

import atlantafx.base.theme.Styles;

import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.function.Consumer;

/**
 * Saved connections: pick one and connect, or paste what the agent printed (its URL and token) and
 * save it. A token is typed into a password field and never shown again: the list shows only that
 * one is set.
 */
public final class ConnectionsDialog extends BorderPane {
    private final ProfileBook saved;
    private final Consumer<Profile> connect;
    private final ListView<Profile> list;
    private final TextField name = new TextField();
    private final TextField url = new TextField();
    private final PasswordField token = new PasswordField();
    private final TextField via = new TextField();
    private final TextField keyFile = new TextField();
    private final PasswordField passphrase = new PasswordField();
    private final javafx.scene.control.CheckBox agent = new javafx.scene.control.CheckBox("Use the running ssh-agent");
    private final TextArea paste = new TextArea();
    private final Label problem = new Label();
    private Runnable onClose = () -> { };

    public ConnectionsDialog(ProfileBook saved, Consumer<Profile> connect) {
        this.saved = saved;
        this.connect = connect;
        getStyleClass().add("connections-dialog");
        list = new ListView<>(saved.entries());
        list.setPrefWidth(330);
        list.setPlaceholder(new Label("No saved connections"));
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Profile p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? null : p.name() + "\n" + p.address() + "  · token hidden"
                        + (saved.isSaved(p) ? "" : "  · from the command line, not saved"));
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, a, p) -> edit(p));
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && list.getSelectionModel().getSelectedItem() != null) {
                connect.accept(list.getSelectionModel().getSelectedItem());
            }
        });
        setLeft(list);
        setCenter(form());
        setPadding(new Insets(12));
    }

    /** Opens the dialog as a window over {@code owner}. */
    public static Stage show(Window owner, ProfileBook saved, Consumer<Profile> connect) {
        return show(owner, saved, connect, null);
    }

    /** As {@link #show(Window, SavedProfiles, Consumer)}, with {@code selected} picked in the list. */
    public static Stage show(Window owner, ProfileBook saved, Consumer<Profile> connect, Profile selected) {
        var stage = new Stage();
        stage.initOwner(owner);
        stage.initModality(Modality.NONE);
        stage.setTitle("CloudVoter · Connections");
        var dialog = new ConnectionsDialog(saved, p -> {
            connect.accept(p);
            stage.close();
        });
        if (selected != null) {
            dialog.list.getSelectionModel().select(selected);
        }
        dialog.onClose = stage::close;
        var scene = new Scene(dialog, 900, 580);
        scene.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE) {
                stage.close();
            }
        });
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        stage.setScene(scene);
        stage.show();
        return stage;
    }

    private VBox form() {
        name.setPromptText("e.g. droplet-fra1");
        url.setPromptText("http://127.0.0.1:8077");
        token.setPromptText("paste the agent's token");
        paste.setPromptText("Or paste here what the agent printed at start (its \"URL:\" and \"Token:\" lines):"
                + " the fields above fill themselves.");
        paste.setWrapText(true);
        paste.setPrefRowCount(4);
        paste.textProperty().addListener((o, a, text) -> PastedConnection.parse(text).ifPresent(p -> {
            if (p.url() != null) {
                url.setText(p.url());
            }
            if (p.token() != null) {
                token.setText(p.token());
            }
        }));
        via.setPromptText("optional: root@droplet, root@203.0.113.7:2222, or a Host of ~/.ssh/config");
        keyFile.setPromptText("key file (default: ssh config's IdentityFile, ~/.ssh/id_ed25519, …)");
        passphrase.setPromptText("its passphrase, if it has one");
        via.textProperty().addListener((o, a, v) -> {
            boolean ssh = !v.isBlank();
            url.setPromptText(ssh ? "the agent's address on the server: http://127.0.0.1:8077" : "http://127.0.0.1:8077");
        });
        for (var n : new javafx.scene.Node[]{keyFile, passphrase, agent}) {
            n.disableProperty().bind(via.textProperty().isEmpty());
        }
        var grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        String[] labels = {"Name", "Via SSH", "Agent URL", "Token", "SSH key file", "Key passphrase", ""};
        javafx.scene.Node[] fields = {name, via, url, token, keyFile, passphrase, agent};
        for (int i = 0; i < labels.length; i++) {
            var label = new Label(labels[i]);
            label.setMinWidth(Region.USE_PREF_SIZE); // the fields give way, not the labels
            grid.addRow(i, label, fields[i]);
        }
        GridPane.setHgrow(name, Priority.ALWAYS);
        var save = new Button("Save");
        save.setOnAction(e -> read(true));
        var connectButton = new Button("Save and connect");
        connectButton.getStyleClass().add(Styles.ACCENT);
        connectButton.setDefaultButton(true);
        connectButton.setOnAction(e -> {
            var p = read(true);
            if (p != null) {
                connect.accept(p);
            }
        });
        var remove = new Button("Delete");
        remove.getStyleClass().add(Styles.DANGER);
        remove.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> saved.remove(list.getSelectionModel().getSelectedItem()));
        var clear = new Button("New");
        clear.setOnAction(e -> {
            list.getSelectionModel().clearSelection();
            edit(null);
        });
        problem.getStyleClass().add(Styles.DANGER);
        problem.setWrapText(true);
        var note = new Label("Profiles are saved in your config folder, readable by you only (mode 0600), tokens and"
                + " passphrases included. Via SSH, the desktop opens the tunnel itself: nothing but SSH is open on the server,"
                + " and its host key is checked against ~/.ssh/known_hosts.");
        note.setWrapText(true);
        note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        var close = new Button("Close");
        close.setCancelButton(true);
        close.setOnAction(e -> onClose.run());
        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        var box = new VBox(10, grid, paste, new HBox(8, connectButton, save, clear, remove, spacer, close), problem, note);
        box.setPadding(new Insets(0, 0, 0, 12));
        return box;
    }

    private void edit(Profile p) {
        problem.setText("");
        paste.clear();
        name.setText(p == null ? "" : p.name());
        url.setText(p == null ? "" : p.url());
        token.clear();
        token.setPromptText(p == null ? "paste the agent's token" : "unchanged (hidden)");
        var ssh = p == null ? null : p.ssh();
        via.setText(ssh == null ? "" : ssh.target());
        keyFile.setText(ssh == null || ssh.keyFile() == null ? "" : ssh.keyFile());
        passphrase.clear();
        passphrase.setPromptText(ssh != null && ssh.keyPassphrase() != null ? "unchanged (hidden)" : "its passphrase, if it has one");
        agent.setSelected(ssh != null && ssh.useAgent());
    }

    /** The profile the form describes, saved when asked; null (with the reason shown) when it is not valid. */
    private Profile read(boolean store) {
        var selected = list.getSelectionModel().getSelectedItem();
        String t = token.getText().isBlank() && selected != null ? selected.token() : token.getText();
        try {
            SshRoute ssh = null;
            if (!via.getText().isBlank()) {
                String pass = passphrase.getText().isEmpty() && selected != null && selected.ssh() != null
                        ? selected.ssh().keyPassphrase() : passphrase.getText();
                ssh = new SshRoute(via.getText(), keyFile.getText(), pass, agent.isSelected());
            }
            String address = url.getText().isBlank() && ssh != null ? "http://127.0.0.1:8077" : url.getText();
            var p = new Profile(name.getText(), address, t, ssh);
            if (store) {
                saved.save(p, selected); // a rename replaces the profile rather than copying it
                list.getSelectionModel().select(p);
            }
            problem.setText("");
            return p;
        } catch (IllegalArgumentException e) {
            problem.setText(e.getMessage());
            return null;
        }
    }

    ListView<Profile> list() {
        return list;
    }

    TextField nameField() {
        return name;
    }

    TextField urlField() {
        return url;
    }

    PasswordField tokenField() {
        return token;
    }

    TextField viaField() {
        return via;
    }

    TextField keyFileField() {
        return keyFile;
    }

    PasswordField passphraseField() {
        return passphrase;
    }

    TextArea pasteArea() {
        return paste;
    }
}
