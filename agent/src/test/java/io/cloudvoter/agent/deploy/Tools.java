package io.cloudvoter.agent.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the command-line tools the deploy tests use, and finds the repository's deploy folder. */
public final class Tools {
    private Tools() {
    }

    /**
     * Held while a test runs systemd as PID 1 of a namespace of its own. Once, two of them overlapped
     * (the suite's forks are separate JVMs) and the second did not run its units in 90 s; both see the
     * machine's cgroup tree, the likely reason (two tries to reproduce it did not). A file lock, waited
     * for at most {@code atMost}.
     */
    static AutoCloseable systemdNamespace(java.time.Duration atMost) throws Exception {
        var channel = java.nio.channels.FileChannel.open(Path.of(System.getProperty("java.io.tmpdir"), "cloudvoter-test-systemd.lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        long deadline = System.nanoTime() + atMost.toNanos();
        java.nio.channels.FileLock lock;
        while ((lock = channel.tryLock()) == null) {
            if (System.nanoTime() > deadline) {
                channel.close();
                throw new IllegalStateException("another test's systemd namespace held the lock for " + atMost);
            }
            Thread.sleep(200);
        }
        var held = lock;
        return () -> {
            held.release();
            channel.close();
        };
    }

    /** Ends a namespace a test booted (killing its PID 1 ends every process in it; its mounts go with it), bounded. */
    static void endNamespace(Process namespace) {
        namespace.descendants().forEach(ProcessHandle::destroyForcibly);
        namespace.destroyForcibly();
        try {
            namespace.waitFor(10, java.util.concurrent.TimeUnit.SECONDS); // gone before the next test's systemd starts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    record Result(int exit, String output) {
    }

    /**
     * A checkout as {@code install.sh} reads it, under {@code src}: {@code deploy/} as it is, the docs it
     * installs ({@code docs/*.md}), and a built agent of stand-ins (a jar holding "jar", one library
     * holding "lib").
     *
     * @return the copy's {@code deploy/install.sh}
     */
    static Path checkout(Path src, String library) throws IOException {
        copy(deploy(), src.resolve("deploy"), f -> true);
        copy(deploy().resolveSibling("docs"), src.resolve("docs"), f -> f.toString().endsWith(".md"));
        Files.createDirectories(src.resolve("agent/target/libs"));
        Files.writeString(src.resolve("agent/target/cloudvoter-agent.jar"), "jar");
        Files.writeString(src.resolve("agent/target/libs").resolve(library), "lib");
        return src.resolve("deploy/install.sh");
    }

    private static void copy(Path from, Path to, java.util.function.Predicate<Path> which) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (var f : files.filter(Files::isRegularFile).filter(which).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    /** The repository's {@code deploy/} folder (tests run with the agent module as working directory). */
    public static Path deploy() {
        for (var dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/cloudvoter.service"))) {
                return dir.resolve("deploy");
            }
        }
        throw new IllegalStateException("no deploy/ folder above " + Path.of("").toAbsolutePath());
    }

    static boolean onPath(String tool) {
        for (var dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish within 120 s");
        }
        return new Result(p.exitValue(), out);
    }
}
