package io.cloudvoter.desktop.login;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which browser a login is captured in: always one already on this machine, never a download. A path
 * the operator set wins; otherwise Google Chrome (Playwright's {@code chrome} channel), then the
 * distribution's Chromium.
 *
 * @param executable a browser binary, or null for a channel
 * @param channel    {@code chrome}, or null for an executable
 */
public record LoginBrowser(Path executable, String channel) {
    static final List<Path> CHROMIUMS = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"),
            Path.of("/snap/bin/chromium"), Path.of("/Applications/Chromium.app/Contents/MacOS/Chromium"));

    public static LoginBrowser at(Path executable) {
        return new LoginBrowser(executable, null);
    }

    /** What "capture login" tries, in order: the setting (alone, when set), else Chrome, then any Chromium found. */
    public static List<LoginBrowser> candidates(String setting, Map<String, String> env) {
        var fromEnv = env.get("CLOUDVOTER_LOGIN_BROWSER");
        var chosen = setting != null && !setting.isBlank() ? setting : fromEnv;
        if (chosen != null && !chosen.isBlank()) {
            return List.of(at(Path.of(chosen.strip())));
        }
        var list = new ArrayList<LoginBrowser>();
        list.add(new LoginBrowser(null, "chrome"));
        CHROMIUMS.stream().filter(Files::isExecutable).map(LoginBrowser::at).forEach(list::add);
        return list;
    }

    @Override
    public String toString() {
        return executable != null ? executable.toString() : "Google Chrome (channel " + channel + ")";
    }
}
