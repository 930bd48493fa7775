package io.cloudvoter.desktop.app;

import java.io.File;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether the desktop asks for dark windows. The JavaFX this client is built on (21, for JDK 21) has no
 * colour-scheme API (it came in 22), so the desktop's own setting is read: {@code GTK_THEME} ending in
 * {@code :dark}; GNOME's {@code color-scheme} ({@code prefer-dark}) or a {@code -dark} GTK theme through
 * {@code gsettings}; macOS's {@code AppleInterfaceStyle}; Windows' {@code AppsUseLightTheme}. Blocking
 * (it may start a small program); anything it cannot read means light.
 */
final class SystemTheme {
    private SystemTheme() {
    }

    static boolean prefersDark(Map<String, String> env, String osName) {
        String gtk = env.getOrDefault("GTK_THEME", "");
        if (gtk.toLowerCase(Locale.ROOT).endsWith(":dark")) {
            return true;
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return run(env, "defaults", "read", "-g", "AppleInterfaceStyle").map(s -> s.strip().equalsIgnoreCase("dark"))
                    .orElse(false);
        }
        if (os.contains("win")) {
            return run(env, "reg", "query", "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize",
                    "/v", "AppsUseLightTheme").map(s -> s.contains("0x0")).orElse(false);
        }
        var scheme = run(env, "gsettings", "get", "org.gnome.desktop.interface", "color-scheme");
        if (scheme.isPresent() && scheme.get().contains("prefer-dark")) {
            return true;
        }
        if (scheme.isPresent() && scheme.get().contains("prefer-light")) {
            return false;
        }
        return run(env, "gsettings", "get", "org.gnome.desktop.interface", "gtk-theme")
                .map(s -> s.toLowerCase(Locale.ROOT).contains("-dark")).orElse(false);
    }

    /** The program's output when it is on the PATH and exits 0 within 2 s. */
    private static Optional<String> run(Map<String, String> env, String program, String... args) {
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            var candidate = new File(dir, program);
            if (!dir.isEmpty() && candidate.canExecute()) {
                try {
                    var command = new java.util.ArrayList<>(List.of(candidate.getPath()));
                    command.addAll(List.of(args));
                    var p = new ProcessBuilder(command).redirectErrorStream(true).start();
                    p.getOutputStream().close();
                    if (!p.waitFor(2, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                        return Optional.empty();
                    }
                    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    return p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
                } catch (java.io.IOException e) {
                    return Optional.empty();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
