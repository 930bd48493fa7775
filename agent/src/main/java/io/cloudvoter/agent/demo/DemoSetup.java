package io.cloudvoter.agent.demo;

import io.cloudvoter.model.api.InstanceSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What {@code --demo} adds: the demo flow file (written once, then the operator's to edit) and three instances. */
public final class DemoSetup {
    public static final String FLOW_FILE = "demo-vote.yaml";
    public static final List<String> INSTANCE_IDS = List.of("demo-1", "demo-2", "demo-3");

    private DemoSetup() {
    }

    public static void installFlow(Path flowsDir) {
        try {
            Files.createDirectories(flowsDir);
            var target = flowsDir.resolve(FLOW_FILE);
            if (Files.exists(target)) {
                return;
            }
            try (var in = DemoSetup.class.getResourceAsStream("/demo/" + FLOW_FILE)) {
                if (in == null) {
                    throw new IllegalStateException("the demo flow is missing from the agent's jar");
                }
                Files.copy(in, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo flow into " + flowsDir + ": " + io.cloudvoter.agent.files.FileErrors.reason(e), e);
        }
    }

    /** The configured instances plus the demo ones (unless the config already defines them). */
    public static List<InstanceSpec> withDemoInstances(List<InstanceSpec> configured) {
        var all = new ArrayList<>(configured);
        for (var id : INSTANCE_IDS) {
            if (configured.stream().noneMatch(i -> i.id().equals(id))) {
                all.add(new InstanceSpec(id, "demo-vote", null, true));
            }
        }
        return all;
    }
}
