package io.cloudvoter.desktop.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An X server of the test's own (Xvfb on a display it picks itself, {@code -displayfd}), for a headed
 * browser; stopped with the test. The desktop's own window stays on the headless toolkit.
 */
public final class Xvfb implements AutoCloseable {
    private final Process process;
    private final String display;

    private Xvfb(Process process, String display) {
        this.process = process;
        this.display = display;
    }

    /** Whether this machine has Xvfb at all. */
    public static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/Xvfb"));
    }

    public static Xvfb start() throws IOException {
        var process = new ProcessBuilder("/usr/bin/Xvfb", "-displayfd", "1", "-screen", "0", "1280x900x24", "-nolisten", "tcp")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        var number = CompletableFuture.supplyAsync(() -> {
            try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            var line = number.get(20, TimeUnit.SECONDS);
            if (line == null || !line.strip().matches("\\d+")) {
                process.destroyForcibly();
                throw new IOException("Xvfb did not say which display it took (" + line + ")");
            }
            return new Xvfb(process, ":" + line.strip());
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            process.destroyForcibly();
            throw new IOException("Xvfb did not start within 20 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted", e);
        }
    }

    /** For {@code DISPLAY}, e.g. {@code :3}. */
    public String display() {
        return display;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
