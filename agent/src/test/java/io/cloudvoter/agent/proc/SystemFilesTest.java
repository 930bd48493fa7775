package io.cloudvoter.agent.proc;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The kernel's files as laid out in a fake tree; the resource guard's use of them is ProcReadingsTest's. */
class SystemFilesTest {
    static final long MB = 1024 * 1024;
    @TempDir
    Path root;
    Path proc;
    Path cgroup;
    SystemFiles files;

    @BeforeEach
    void tree() {
        proc = root.resolve("proc");
        cgroup = root.resolve("cgroup");
        files = new SystemFiles(proc, cgroup);
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void idleAndIowaitAreNotBusy() throws IOException {
        write(proc.resolve("stat"), """
                cpu  100 20 30 800 50 0 0 0 0 0
                cpu0 50 10 15 400 25 0 0 0 0 0
                intr 12345
                """);
        // busy = user 100 + nice 20 + system 30; total adds idle 800 and iowait 50
        assertThat(files.cpuTimes()).containsExactly(150L, 1000L);
    }

    @Test
    void cpuTicksSkipTheCommandEvenWithSpacesAndParentheses() throws IOException {
        write(proc.resolve("4242/stat"), "4242 (chromium (headless) x) S 1 2 3 4 5 6 7 8 9 10 111 222 33 44 20 0 1 0 100 200 300\n");
        assertThat(files.cpuTicks(4242, false)).as("user + system").isEqualTo(111 + 222);
        assertThat(files.cpuTicks(4242, true)).as("and the reaped children's").isEqualTo(111 + 222 + 33 + 44);
        assertThat(files.cpuTicks(4243, false)).as("gone").isNull();
    }

    @Test
    void readsPssStatusFieldsOpenFilesAndTheCommandLine() throws IOException {
        write(proc.resolve("7/smaps_rollup"), """
                55d4a6a4b000-7ffd8a1fe000 ---p 00000000 00:00 0                          [rollup]
                Rss:              155612 kB
                Pss:              152067 kB
                Pss_Dirty:        151796 kB
                """);
        write(proc.resolve("self/status"), "Name:\tjava\nVmSize:\t  204800 kB\nVmRSS:\t   51200 kB\n");
        write(proc.resolve("self/fd/0"), "");
        write(proc.resolve("self/fd/1"), "");
        write(proc.resolve("7/cmdline"), "/usr/bin/chromium\0--headless\0--type=renderer\0");

        assertThat(files.pss(7)).isEqualTo(152067L * 1024);
        assertThat(files.pss(8)).isNull();
        assertThat(files.status("self", "VmRSS")).isEqualTo(50 * MB);
        assertThat(files.status("self", "VmSize")).isEqualTo(200 * MB);
        assertThat(files.status("self", "VmSwap")).isNull();
        assertThat(files.openFiles("self")).isEqualTo(2);
        assertThat(files.commandLine(7)).isEqualTo("/usr/bin/chromium --headless --type=renderer");
        assertThat(files.commandLine(8)).isNull();
    }

    @Test
    void theMemoryLimitIsTheOwnCgroupsMemoryMaxOrNone() throws IOException {
        write(proc.resolve("meminfo"), "MemTotal:        2048000 kB\nMemAvailable:     512000 kB\n");
        assertThat(files.memory()).containsExactly(2_048_000L * 1024, 512_000L * 1024);
        assertThat(files.memoryLimit()).as("no cgroup at all").isNull();

        write(cgroup.resolve("cgroup.controllers"), "cpu memory\n");
        write(proc.resolve("self/cgroup"), "0::/system.slice/cloudvoter.service\n");
        var unit = cgroup.resolve("system.slice/cloudvoter.service");
        write(unit.resolve("memory.max"), "max\n");
        assertThat(files.memoryLimit()).as("a unit without MemoryMax").isNull();
        write(unit.resolve("memory.max"), (768 * MB) + "\n");
        assertThat(files.memoryLimit()).as("the unit's MemoryMax, not the machine's root").isEqualTo(768 * MB);
    }

    @Test
    void aCgroupV1LimitCountsOnlyBelowTheMachinesMemory() throws IOException {
        write(proc.resolve("meminfo"), "MemTotal:        2048000 kB\n");
        write(cgroup.resolve("memory/memory.limit_in_bytes"), "9223372036854771712\n");
        assertThat(files.memoryLimit()).as("v1's way of saying no limit").isNull();
        write(cgroup.resolve("memory/memory.limit_in_bytes"), (512 * MB) + "\n");
        assertThat(files.memoryLimit()).isEqualTo(512 * MB);
    }

    @Test
    void readsNamedValuesAndFirstLines() throws IOException {
        write(proc.resolve("cpuinfo"), "processor\t: 0\nmodel name\t: Example CPU @ 2.0GHz\n");
        write(proc.resolve("loadavg"), "0.50 0.40 0.30 1/200 4242\n");
        assertThat(files.value("cpuinfo", "model name")).isEqualTo("Example CPU @ 2.0GHz");
        assertThat(files.firstLine("loadavg")).startsWith("0.50 0.40 0.30");
        assertThat(files.value("cpuinfo", "flags")).isNull();
    }

    @Test
    void readsThisMachine() {
        var host = SystemFiles.host();
        assertThat(host.pss("self")).isGreaterThan(MB);
        assertThat(host.cpuTicks("self", false)).isNotNull();
        assertThat(host.commandLine(ProcessHandle.current().pid())).contains("java");
        assertThat(host.memory()[0]).isGreaterThan(100 * MB);
    }
}
