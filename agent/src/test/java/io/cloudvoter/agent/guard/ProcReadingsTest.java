package io.cloudvoter.agent.guard;

import io.cloudvoter.agent.proc.SystemFiles;
import io.cloudvoter.agent.testing.FakeClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static io.cloudvoter.agent.guard.Samples.MB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The sampler's parsing of /proc and cgroup v2 files, against a fake tree laid out like the kernel's. */
class ProcReadingsTest {
    @TempDir
    Path root;
    Path proc;
    Path cgroup;
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final FakeClock clock = new FakeClock();

    @BeforeEach
    void machine() throws IOException {
        proc = root.resolve("proc");
        cgroup = root.resolve("cgroup");
        write(proc.resolve("meminfo"), """
                MemTotal:        1004000 kB
                MemFree:          100000 kB
                MemAvailable:     512000 kB
                Buffers:           10000 kB
                """);
        cpu(1000, 4000);
        write(proc.resolve("self/stat"), stat("java", 100, 20));
        write(proc.resolve("self/smaps_rollup"), rollup(61_440));
        write(proc.resolve("200/smaps_rollup"), rollup(133_120));
        write(proc.resolve("201/smaps_rollup"), rollup(204_800));
    }

    ProcReadings readings(List<Long> browserPids) {
        return new ProcReadings(new SystemFiles(proc, cgroup), () -> browserPids, clock, nanos::get);
    }

    @Test
    void readsMachineMemoryAndPssOfTheJvmAndTheWholeBrowserTree() {
        var s = readings(List.of(200L, 201L, 999L)).read();

        assertThat(s.machineMemoryTotal()).isEqualTo(1_004_000L * 1024);
        assertThat(s.machineMemoryAvailable()).isEqualTo(512_000L * 1024);
        assertThat(s.agentPss()).isEqualTo(60 * MB);
        assertThat(s.browserPss()).as("999 exited: skipped").isEqualTo((130 + 200) * MB);
        assertThat(s.browserProcesses()).isEqualTo(2);
        assertThat(s.time()).isEqualTo(clock.instant());
        assertThat(s.cgroupMemoryCurrent()).as("no cgroup v2 here").isNull();
    }

    @Test
    void cpuComesFromTheDeltaBetweenTwoReadings() throws IOException {
        var r = readings(List.of());
        assertThat(r.read().machineCpuPercent()).as("nothing to compare the first reading with").isNull();

        cpu(1000 + 300, 4000 + 1000);                       // 1000 ticks passed, 300 of them busy
        write(proc.resolve("self/stat"), stat("java (main) x", 150, 30)); // +60 ticks for the JVM
        var s = r.read();

        assertThat(s.machineCpuPercent()).isCloseTo(30.0, within(0.01));
        assertThat(s.agentCpuPercent()).isCloseTo(6.0, within(0.01));
        assertThat(s.browserPss()).as("no browser running").isZero();
    }

    @Test
    void readsTheCgroupsMemoryWorkingSetLimitAndCpuShareOfItsQuota() throws IOException {
        write(cgroup.resolve("cgroup.controllers"), "cpu memory pids\n");
        write(proc.resolve("self/cgroup"), "0::/system.slice/cloudvoter.service\n");
        var unit = cgroup.resolve("system.slice/cloudvoter.service");
        write(unit.resolve("memory.current"), (700 * MB) + "\n");
        write(unit.resolve("memory.max"), (850 * MB) + "\n");
        write(unit.resolve("memory.stat"), "anon 500000000\nfile 200000000\ninactive_file " + (100 * MB) + "\nactive_file 5\n");
        write(unit.resolve("cpu.max"), "50000 100000\n");
        write(unit.resolve("cpu.stat"), "usage_usec 1000000\nuser_usec 800000\nsystem_usec 200000\n");
        var r = readings(List.of());
        r.read();

        write(unit.resolve("cpu.stat"), "usage_usec 1400000\nuser_usec 1100000\nsystem_usec 300000\n");
        nanos.addAndGet(1_000_000_000L); // one second: 0.4 s of CPU against a quota of 0.5 CPU
        var s = r.read();

        assertThat(s.cgroupMemoryCurrent()).isEqualTo(700 * MB);
        assertThat(s.cgroupMemoryMax()).isEqualTo(850 * MB);
        assertThat(s.cgroupWorkingSet()).isEqualTo(600 * MB);
        assertThat(s.cgroupCpuPercent()).isCloseTo(80.0, within(0.01));
    }

    @Test
    void anUnlimitedCgroupHasNoMaxAndNoQuota() throws IOException {
        write(cgroup.resolve("cgroup.controllers"), "cpu memory\n");
        write(proc.resolve("self/cgroup"), "0::/\n");
        write(cgroup.resolve("memory.current"), "123456\n");
        write(cgroup.resolve("memory.max"), "max\n");
        write(cgroup.resolve("cpu.max"), "max 100000\n");

        var s = readings(List.of()).read();

        assertThat(s.cgroupMemoryCurrent()).isEqualTo(123_456L);
        assertThat(s.cgroupMemoryMax()).isNull();
        assertThat(s.cgroupCpuPercent()).isNull();
    }

    @Test
    void garbageInAFileIsAMissingReadingNotAFailedSample() throws IOException {
        write(proc.resolve("meminfo"), "MemTotal: lots kB\n");
        write(proc.resolve("stat"), "cpu  x y z\n");

        var s = readings(List.of(200L)).read();

        assertThat(s.machineMemoryTotal()).isNull();
        assertThat(s.machineCpuPercent()).isNull();
        assertThat(s.browserPss()).isEqualTo(130 * MB);
    }

    @Test
    void readsThisMachinesRealProcFiles() {
        var r = new ProcReadings(() -> List.of(ProcessHandle.current().pid()), clock);
        r.read();
        var s = r.read();

        assertThat(s.machineMemoryTotal()).isPositive();
        assertThat(s.machineMemoryAvailable()).isPositive().isLessThanOrEqualTo(s.machineMemoryTotal());
        assertThat(s.agentPss()).isGreaterThan(10 * MB);
        assertThat(s.browserPss()).as("this JVM, standing in for the browser tree").isGreaterThan(10 * MB);
        assertThat(s.machineCpuPercent()).isBetween(0.0, 100.0);
    }

    private void cpu(long busy, long total) throws IOException {
        // user nice system idle iowait irq softirq steal guest guest_nice
        long idle = total - busy;
        write(proc.resolve("stat"), "cpu  " + (busy - 10) + " 0 10 " + (idle - 5) + " 5 0 0 0 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\nintr 1\n");
    }

    private static String stat(String comm, long utime, long stime) {
        return "4242 (" + comm + ") S 1 4242 4242 0 -1 4194560 1 0 0 0 " + utime + " " + stime + " 0 0 20 0 30 0 1 1 1\n";
    }

    private static String rollup(long pssKb) {
        return "55d0c0000000-7ffd00000000 ---p 00000000 00:00 0                          [rollup]\nRss:  " + (pssKb * 2)
                + " kB\nPss:  " + pssKb + " kB\nPss_Anon: 1 kB\n";
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
