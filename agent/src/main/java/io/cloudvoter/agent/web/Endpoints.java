package io.cloudvoter.agent.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Method;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;
import io.helidon.http.Status;
import io.helidon.common.uri.UriPath;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.http.ServerRequestHeaders;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Wraps an {@link HttpService} so that its paths answer every method a client can send: {@code HEAD}
 * like {@code GET} (the body is dropped by {@link FrontFilter}), and any other method the path does not
 * have with 405, the methods it does have in {@code Allow}, and a JSON body. The routes are learnt from
 * the service itself as it registers them, so there is no second list to keep in step.
 */
final class Endpoints implements HttpService {
    private static final List<Method> METHODS = List.of(Method.GET, Method.POST, Method.PUT, Method.DELETE, Method.PATCH);

    private final HttpService service;

    private Endpoints(HttpService service) {
        this.service = service;
    }

    static HttpService of(HttpService service) {
        return new Endpoints(service);
    }

    @Override
    public void routing(HttpRules rules) {
        var recorder = new Recorder(rules);
        service.routing(recorder);
        rules.route(new WrongMethod(List.copyOf(recorder.routes)));
    }

    @Override
    public void beforeStart() {
        service.beforeStart();
    }

    @Override
    public void afterStop() {
        service.afterStop();
    }

    private static HttpPrologue as(HttpPrologue prologue, Method method) {
        return HttpPrologue.create(prologue.rawProtocol(), prologue.protocol(), prologue.protocolVersion(), method,
                prologue.uriPath(), prologue.query(), prologue.fragment());
    }

    /** Passes every route on, answering HEAD wherever GET is answered, and remembers them. */
    private static final class Recorder implements HttpRules {
        private final HttpRules rules;
        private final List<HttpRoute> routes = new ArrayList<>();

        Recorder(HttpRules rules) {
            this.rules = rules;
        }

        @Override
        public HttpRules register(HttpService... services) {
            rules.register(services);
            return this;
        }

        @Override
        public HttpRules register(String pathPattern, HttpService... services) {
            rules.register(pathPattern, services);
            return this;
        }

        @Override
        public HttpRules route(HttpRoute route) {
            routes.add(route);
            rules.route(new HeadLikeGet(route));
            return this;
        }
    }

    /** A route that also takes HEAD when it takes GET. */
    private record HeadLikeGet(HttpRoute route) implements HttpRoute {
        @Override
        public PathMatchers.MatchResult accepts(HttpPrologue prologue) {
            return route.accepts(prologue.method() == Method.HEAD ? as(prologue, Method.GET) : prologue);
        }

        @Override
        public PathMatchers.MatchResult accepts(HttpPrologue prologue, ServerRequestHeaders headers) {
            return route.accepts(prologue.method() == Method.HEAD ? as(prologue, Method.GET) : prologue, headers);
        }

        @Override
        public Handler handler() {
            return route.handler();
        }

        @Override
        public Optional<PathMatcher> pathMatcher() {
            return route.pathMatcher();
        }
    }

    /** Matches a path of this service asked with a method none of its routes takes; answers 405. */
    private record WrongMethod(List<HttpRoute> routes) implements HttpRoute {
        @Override
        public PathMatchers.MatchResult accepts(HttpPrologue prologue) {
            for (var method : METHODS) {
                for (var route : routes) {
                    var match = route.accepts(as(prologue, method));
                    if (match.accepted()) {
                        return match;
                    }
                }
            }
            return PathMatchers.MatchResult.notAccepted();
        }

        @Override
        public Handler handler() {
            return this::answer;
        }

        private void answer(ServerRequest req, ServerResponse res) {
            var allowed = new LinkedHashSet<String>();
            // The path as this service sees it (after its prefix), as its routes were matched.
            var here = req.prologue().withUriPath(UriPath.create(req.path().rawPath()));
            for (var method : METHODS) {
                if (routes.stream().anyMatch(r -> r.accepts(as(here, method)).accepted())) {
                    allowed.add(method.text());
                    if (method == Method.GET) {
                        allowed.add(Method.HEAD.text());
                    }
                }
            }
            String allow = String.join(", ", allowed);
            res.header(HeaderNames.ALLOW, allow);
            ErrorHandling.send(req, res, Status.METHOD_NOT_ALLOWED_405, req.prologue().method().text() + " "
                    + ErrorHandling.fullPath(req) + " is not allowed; this path takes " + allowed.stream()
                    .filter(m -> !m.equals("HEAD")).collect(Collectors.joining(", ")));
        }
    }
}
