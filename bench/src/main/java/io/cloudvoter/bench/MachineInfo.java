package io.cloudvoter.bench;

import io.cloudvoter.agent.proc.SystemFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What the benchmark ran on: CPU, memory, OS, JDK, Chromium, and how busy the machine was. */
final class MachineInfo {
    private MachineInfo() {
    }

    static Map<String, Object> describe(Path chromium) {
        var m = new LinkedHashMap<String, Object>();
        var proc = SystemFiles.host();
        var cpu = Optional.ofNullable(proc.value("cpuinfo", "model name")).orElse("unknown CPU");
        int cores = Runtime.getRuntime().availableProcessors();
        long memMb = Optional.ofNullable(proc.memory()[0]).map(b -> b / (1024 * 1024)).orElse(-1L);
        var os = readOsRelease();
        var kernel = Optional.ofNullable(proc.firstLine("sys/kernel/osrelease")).orElse("?").trim();
        var jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version");
        var chromiumVersion = chromium == null ? "none" : command(chromium.toString(), "--version").orElse("unknown");
        m.put("cpu", cpu);
        m.put("cores", cores);
        m.put("memoryMb", memMb);
        m.put("os", os);
        m.put("kernel", kernel);
        m.put("jdk", jdk);
        m.put("chromium", chromium == null ? null : chromium + " (" + chromiumVersion + ")");
        m.put("loadAverageAtStart", loadAverage());
        m.put("summary", cores + " cores " + cpu + ", " + memMb + " MB RAM, " + os + ", " + jdk + ", " + chromiumVersion);
        return m;
    }

    static String loadAverage() {
        return Optional.ofNullable(SystemFiles.host().firstLine("loadavg"))
                .map(s -> String.join(" ", java.util.Arrays.copyOf(s.trim().split(" "), 3))).orElse("?");
    }

    private static String readOsRelease() {
        return read(Path.of("/etc/os-release")).flatMap(s -> s.lines().filter(l -> l.startsWith("PRETTY_NAME="))
                .map(l -> l.substring(12).replace("\"", "")).findFirst()).orElse(System.getProperty("os.name"));
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> command(String... cmd) {
        try {
            var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            var out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
