package io.cloudvoter.agent.testing;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.history.RunQuery;
import io.cloudvoter.model.api.RunRecord;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs asked for through the REST API ({@code POST /api/instances/{id}/run}) of an in-process test
 * agent, and read back from its store once they are over. Every wait is bounded by {@code within}.
 */
public record ManualRuns(Agent agent, Api api, Duration within) {

    /** Asks for a run now and waits for it to be recorded and taken in by the scheduler. */
    public RunRecord runNow(String id) {
        return runAllNow(List.of(id)).getFirst();
    }

    /** Asks for a run of each instance at once, and waits for all of them. */
    public List<RunRecord> runAllNow(List<String> ids) {
        var before = new HashMap<String, Long>();
        ids.forEach(id -> before.put(id, latestId(id)));
        for (var id : ids) {
            var r = api.post("/api/instances/" + id + "/run", null);
            assertThat(r.status()).as(r.body()).isEqualTo(202);
        }
        return ids.stream().map(id -> awaitFinished(id, before.get(id))).toList();
    }

    /** The instance's first run after run {@code after}, once it is final and the instance no longer running. */
    public RunRecord awaitFinished(String id, long after) {
        return await().atMost(within).until(() -> {
            var runs = agent.runs().query(new RunQuery(id, null, null, null, 1));
            boolean done = !runs.isEmpty() && runs.getFirst().id() > after && runs.getFirst().outcome().isFinal()
                           && !"RUNNING".equals(agent.scheduler().status(id).state().name());
            return done ? runs.getFirst() : null;
        }, Objects::nonNull);
    }

    /** The id of the instance's newest run, 0 when it has none. */
    public long latestId(String id) {
        var runs = agent.runs().query(new RunQuery(id, null, null, null, 1));
        return runs.isEmpty() ? 0 : runs.getFirst().id();
    }
}
