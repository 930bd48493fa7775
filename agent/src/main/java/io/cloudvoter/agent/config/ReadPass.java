package io.cloudvoter.agent.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What every {@link SectionReader} of one pass over the config shares. */
final class ReadPass {
    final Map<String, String> env;
    final List<String> problems = new ArrayList<>();
    /** Every key asked for, as problems spell it, with the environment variable that can set it (or null). */
    final Map<String, String> asked = new LinkedHashMap<>();
    /** Every environment variable read on its own (not as a key's override). */
    final Set<String> envRead = new LinkedHashSet<>();
    /** The readers whose keys are checked against the file. */
    final List<SectionReader> sections = new ArrayList<>();

    ReadPass(Map<String, String> env) {
        this.env = env;
    }
}
