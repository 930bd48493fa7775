package io.cloudvoter.agent.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a JVM a test starts (an agent, a browser node, a crashing writer): this JVM's
 * {@code java} and class path, with the launcher's CPU- and memory-saving flags (C1 only, the serial
 * collector, small stacks), so a child costs what it costs in production, not a C2 warm-up.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** {@code java <flags> <extra> -cp <this class path> <mainClass>}; arguments follow. */
    public static List<String> command(String mainClass, String... extraJvmFlags) {
        var cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(List.of(extraJvmFlags));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        return cmd;
    }
}
