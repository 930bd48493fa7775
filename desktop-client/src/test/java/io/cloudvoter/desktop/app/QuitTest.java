package io.cloudvoter.desktop.app;

import io.cloudvoter.desktop.testing.StreamServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.cloudvoter.desktop.testing.Fixtures.instance;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app in a process of its own, connected to an agent over a real WebSocket: Ctrl+Q (or a SIGTERM)
 * must end the JVM, not only the window, and the window's state must be on disk afterwards.
 */
class QuitTest {
    @TempDir
    Path dir;

    private StreamServer server;
    private Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    @BeforeEach
    void agent() {
        server = new StreamServer("droplet-1");
        server.putInstance(instance("poll-1", io.cloudvoter.model.api.InstanceState.SCHEDULED, 1, 0));
    }

    @AfterEach
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        server.close();
    }

    private void start(String mode) throws Exception {
        var token = dir.resolve("token");
        Files.writeString(token, StreamServer.TOKEN);
        var command = io.cloudvoter.agent.testing.ChildJvm.command(QuitProbe.class.getName(),
                "-Dprism.order=sw", "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Djava.awt.headless=true");
        command.addAll(List.of(mode,
                "--config-dir", dir.resolve("config").toString(), "--agent", server.url(), "--token-file", token.toString()));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("DISPLAY");
        process = builder.start();
        Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.add(line);
                    if (line.equals("READY")) {
                        ready.complete(null);
                    }
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        try {
            ready.get(90, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the app did not come up within 90 s; it said:\n" + String.join("\n", output), e);
        }
        assertThat(server.upgrades()).as("connected to the agent").isPositive();
    }

    private void assertEndsAndRemembersTheLogsTab(int expectedExit) throws Exception {
        boolean ended = process.waitFor(30, TimeUnit.SECONDS);
        assertThat(ended).as("the JVM ended within 30 s; it said:\n" + String.join("\n", output)).isTrue();
        assertThat(process.exitValue()).isEqualTo(expectedExit);
        var settings = dir.resolve("config").resolve("window.json");
        assertThat(settings).exists();
        assertThat(Files.readString(settings)).contains("\"tab\" : \"Logs\"");
    }

    @Test
    void ctrlQEndsTheJvmAndWritesTheWindowState() throws Exception {
        start("keys");
        assertEndsAndRemembersTheLogsTab(0);
    }

    @Test
    void aSigtermStillWritesTheWindowState() throws Exception {
        start("wait");
        process.destroy(); // SIGTERM
        assertEndsAndRemembersTheLogsTab(143);
    }
}
