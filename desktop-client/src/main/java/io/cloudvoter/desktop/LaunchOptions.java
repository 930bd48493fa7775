package io.cloudvoter.desktop;

import io.cloudvoter.desktop.app.ThemeChoice;
import io.cloudvoter.desktop.connection.Profile;
import io.cloudvoter.desktop.connection.SshRoute;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line: {@code --agent URL} followed by {@code --token T} or {@code --token-file PATH}
 * (and optionally {@code --name NAME}), repeatable; {@code --config-dir DIR};
 * {@code --screenshots DIR} to capture every view to PNG files and quit (for the docs).
 */
public record LaunchOptions(List<Profile> agents, Path configDir, Path screenshots, int screenshotDelaySeconds, boolean help,
                            ThemeChoice.Theme theme) {

    public static final String USAGE = """
            usage: cloudvoter desktop [--agent URL|ssh://… (--token TOKEN | --token-file FILE) [--name NAME] [SSH options]]...
                                      [--config-dir DIR] [--theme system|light|dark]
                                      [--screenshots DIR [--screenshot-delay SECONDS]]
              --agent URL         open this agent at start (repeat for several); saved profiles are opened otherwise
              --agent ssh://USER@HOST[:PORT][/AGENT-HOST:AGENT-PORT]
                                  reach the agent through an SSH tunnel the desktop opens itself (the agent's
                                  address on the server defaults to 127.0.0.1:8077); HOST may be a Host of ~/.ssh/config
              --ssh-key FILE      the SSH key for it (default: the config's IdentityFile, ~/.ssh/id_ed25519, id_ecdsa, id_rsa)
              --ssh-passphrase-file FILE   the key's passphrase
              --ssh-agent         use the running ssh-agent (SSH_AUTH_SOCK)
              --token-file FILE   read its token from a file (the agent's data dir has one); safer than --token,
                                  which other users of this machine can see in the process list
              --config-dir DIR    where profiles and window settings live (default ~/.config/cloudvoter)
              --theme THEME       system (follow the desktop), light or dark; remembered like a choice in the window
              --screenshots DIR   capture each view as a PNG into DIR after the delay (default 8 s), then quit""";

    public static LaunchOptions parse(String[] args) {
        var agents = new ArrayList<Profile>();
        String url = null;
        String token = null;
        String name = null;
        String sshKey = null;
        String sshPassphrase = null;
        boolean sshAgent = false;
        Path configDir = null;
        Path screenshots = null;
        int delay = 8;
        boolean help = false;
        ThemeChoice.Theme theme = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--agent" -> {
                    if (url != null) {
                        agents.add(profile(url, token, name, sshKey, sshPassphrase, sshAgent));
                    }
                    url = value(args, ++i, arg);
                    token = null;
                    name = null;
                    sshKey = null;
                    sshPassphrase = null;
                    sshAgent = false;
                }
                case "--ssh-key" -> sshKey = value(args, ++i, arg);
                case "--ssh-passphrase-file" -> sshPassphrase = readSecret(value(args, ++i, arg), arg);
                case "--ssh-agent" -> sshAgent = true;
                case "--token" -> token = value(args, ++i, arg);
                case "--token-file" -> token = readSecret(value(args, ++i, arg), arg);
                case "--name" -> name = value(args, ++i, arg);
                case "--config-dir" -> configDir = Path.of(value(args, ++i, arg));
                case "--screenshots" -> screenshots = Path.of(value(args, ++i, arg));
                case "--screenshot-delay" -> delay = seconds(value(args, ++i, arg));
                case "--theme" -> theme = theme(value(args, ++i, arg));
                case "-h", "--help" -> help = true;
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        if (url != null) {
            agents.add(profile(url, token, name, sshKey, sshPassphrase, sshAgent));
        } else if (token != null) {
            throw new IllegalArgumentException("--token/--token-file: give --agent URL first");
        }
        return new LaunchOptions(List.copyOf(agents), configDir, screenshots, delay, help, theme);
    }

    private static Profile profile(String url, String token, String name, String sshKey, String sshPassphrase, boolean sshAgent) {
        if (token == null) {
            throw new IllegalArgumentException("--agent " + url + ": needs --token TOKEN or --token-file FILE");
        }
        boolean ssh = url.regionMatches(true, 0, "ssh://", 0, 6);
        if (!ssh && (sshKey != null || sshPassphrase != null || sshAgent)) {
            throw new IllegalArgumentException("--agent " + url + ": --ssh-key, --ssh-passphrase-file and --ssh-agent go with an ssh:// agent");
        }
        try {
            if (!ssh) {
                return new Profile(name, url, token);
            }
            String rest = url.substring(6);
            int slash = rest.indexOf('/');
            String target = slash < 0 ? rest : rest.substring(0, slash);
            String far = slash < 0 || slash == rest.length() - 1 ? "127.0.0.1:8077" : rest.substring(slash + 1);
            if (!far.matches("[^/:\\s]+:\\d{1,5}|\\[[0-9a-fA-F:.]+]:\\d{1,5}")) {
                throw new IllegalArgumentException("the agent's address after '/' must be HOST:PORT (e.g. 127.0.0.1:8077), not '" + far + "'");
            }
            return new Profile(name, "http://" + far, token, new SshRoute(target, sshKey, sshPassphrase, sshAgent));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--agent " + url + ": " + e.getMessage());
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + ": needs a value");
        }
        return args[i];
    }

    private static String readSecret(String file, String option) {
        try {
            String secret = Files.readString(Path.of(file)).strip();
            if (secret.isEmpty()) {
                throw new IllegalArgumentException(option + " " + file + ": the file is empty");
            }
            return secret;
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + file + ": cannot read it (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    private static ThemeChoice.Theme theme(String s) {
        return switch (s) {
            case "system", "light", "dark" -> ThemeChoice.Theme.parse(s);
            default -> throw new IllegalArgumentException("--theme: '" + s + "' is not one of system, light, dark");
        };
    }

    private static int seconds(String s) {
        try {
            int n = Integer.parseInt(s);
            if (n < 0 || n > 600) {
                throw new IllegalArgumentException("--screenshot-delay: " + n + " is out of range 0..600");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--screenshot-delay: '" + s + "' is not a whole number of seconds");
        }
    }
}
