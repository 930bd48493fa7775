package io.cloudvoter.agent.web;

import io.cloudvoter.agent.browser.StorageStates;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

/**
 * The first filter every request meets, before the token is checked:
 * <ul>
 *   <li>every answer says {@code X-Content-Type-Options: nosniff} and {@code Cache-Control: no-store}
 *       (runs, instances and flows describe an operator's targets; nothing here should sit in a cache);</li>
 *   <li>a path with dot segments or an encoded slash is refused (400): the token check judges a path by
 *       its prefix ({@code /demo/..%2f..%2fapi/status} starts with {@code /demo}), so only paths that
 *       mean what they say go further;</li>
 *   <li>a body declared larger than its endpoint takes is refused (413) unread, and the connection closed;</li>
 *   <li>a {@code HEAD} request is answered like its {@code GET} ({@link Endpoints}) with the body
 *       thrown away here, whoever writes it (a handler or an error).</li>
 * </ul>
 */
final class FrontFilter implements Filter {
    private static final io.helidon.http.Header NOSNIFF = HeaderValues.create("X-Content-Type-Options", "nosniff");

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        res.header(NOSNIFF);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        if (req.prologue().method() == Method.HEAD) {
            res.streamFilter(NoBody::new);
        }
        String problem = pathProblem(req.path().rawPath(), req.path().path());
        if (problem != null) {
            ErrorHandling.refuse(req, res, Status.BAD_REQUEST_400, "path: " + problem);
            return;
        }
        var declared = req.headers().contentLength();
        int limit = bodyLimit(req.path().path());
        if (declared.isPresent() && declared.getAsLong() > limit) {
            ErrorHandling.refuse(req, res, Status.REQUEST_ENTITY_TOO_LARGE_413, "request body: " + declared.getAsLong()
                    + " bytes is over this endpoint's limit of " + limit + " bytes");
            return;
        }
        chain.proceed();
    }

    /** The largest body a path takes: a storage state, or a JSON command. */
    static int bodyLimit(String path) {
        return path.endsWith("/storage-state") ? StorageStates.MAX_BYTES : Http.MAX_COMMAND_BYTES;
    }

    /** Why a path is refused, or null. */
    static String pathProblem(String raw, String decoded) {
        var lowerRaw = raw.toLowerCase(Locale.ROOT);
        if (lowerRaw.contains("%2f") || lowerRaw.contains("%5c") || decoded.indexOf('\\') >= 0) {
            return "an encoded '/' or a '\\' is not allowed in a path";
        }
        if (decoded.indexOf('\0') >= 0 || decoded.chars().anyMatch(Character::isISOControl)) {
            return "control characters are not allowed in a path";
        }
        for (var segment : decoded.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                return "'.' and '..' segments are not allowed; send the path they stand for";
            }
        }
        if (decoded.contains("//")) {
            return "empty segments ('//') are not allowed";
        }
        return null;
    }

    /** The body of an answer to HEAD: counted by nobody, sent to nobody. */
    private static final class NoBody extends FilterOutputStream {
        NoBody(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
