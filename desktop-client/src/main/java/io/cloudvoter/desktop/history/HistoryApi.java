package io.cloudvoter.desktop.history;

import io.cloudvoter.desktop.connection.AgentApi;
import io.cloudvoter.model.api.RunList;
import io.cloudvoter.model.api.RunRecord;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The agent's {@code /api/runs}, blocking: call it from the executor's background. */
public final class HistoryApi {
    private final AgentApi api;

    public HistoryApi(AgentApi api) {
        this.api = api;
    }

    /** A page of runs, newest first: those matching {@code filter} with an id below {@code before} (all when null). */
    public List<RunRecord> runs(RunFilter filter, Long before, int limit) throws IOException {
        return api.getJson(withQuery("/api/runs", filter.query(before, limit)), RunList.class).runs();
    }

    /** Streams {@code /api/runs.csv} with these filters into {@code target} (replaced only once complete); returns its size. */
    public long exportCsv(RunFilter filter, Path target) throws IOException {
        return api.download(withQuery("/api/runs.csv", filter.query(null, null)), target);
    }

    /** The failure screenshot of a run, as PNG bytes. */
    public byte[] artifact(long runId) throws IOException {
        return api.getBytes("/api/runs/" + runId + "/artifact");
    }

    private static String withQuery(String path, String query) {
        return query.isEmpty() ? path : path + "?" + query;
    }
}
