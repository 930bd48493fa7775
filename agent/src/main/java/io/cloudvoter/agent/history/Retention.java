package io.cloudvoter.agent.history;

import java.util.List;

/**
 * What a prune removed.
 *
 * @param artifacts file names the deleted runs pointed to; the caller deletes the files
 */
public record Retention(int deleted, List<String> artifacts) {
    public Retention {
        artifacts = List.copyOf(artifacts);
    }
}
