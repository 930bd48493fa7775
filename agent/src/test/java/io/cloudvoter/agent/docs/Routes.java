package io.cloudvoter.agent.docs;

import io.cloudvoter.model.Protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The agent's routes twice: as the route table of docs/api.md lists them, and as the agent's sources
 * register them ({@code WebRouting} mounts each service under its prefix; each service's
 * {@code routing} names its own paths).
 */
final class Routes {
    /** One route: a method and a path pattern such as {@code /api/instances/{id}}, without a trailing '/'. */
    record Route(String method, String path) {
        static Route of(String method, String path) {
            return new Route(method, path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final Pattern IN_CELL = Pattern.compile("`(GET|POST|PUT|DELETE|PATCH|HEAD) (/[^`\\s?]*)[^`]*`");
    private static final Pattern MOUNT = Pattern.compile("register\\(\"([^\"]+)\",\\s*Endpoints\\.of\\(new (\\w+)\\(");
    private static final Pattern SERVICE_ROUTE = Pattern.compile("\\.(get|post|put|delete)\\(\"(/[^\"]*)\"");

    private Routes() {
    }

    /**
     * The rows of the table that starts with {@code | method and path |}: every route named in the first
     * cell of each row. A row whose first cell names none is an error.
     */
    static Set<Route> documented(Markdown api) {
        var routes = new LinkedHashSet<Route>();
        int header = api.lines().indexOf("| method and path | what |");
        if (header < 0) {
            throw new AssertionError(api.name() + ": no route table (a line '| method and path | what |')");
        }
        for (int i = header + 2; i < api.lines().size() && api.lines().get(i).startsWith("|"); i++) {
            String row = api.lines().get(i);
            String cell = row.substring(1, row.indexOf('|', 1));
            Matcher m = IN_CELL.matcher(cell);
            int before = routes.size();
            boolean any = false;
            while (m.find()) {
                routes.add(Route.of(m.group(1), m.group(2)));
                any = true;
            }
            if (!any || routes.size() == before) {
                throw new AssertionError(api.name() + ":" + (i + 1) + ": the first cell names no new route as `METHOD /path`: " + cell);
            }
        }
        return routes;
    }

    /** What the agent registers, read from its sources under {@code agent/src/main/java}. */
    static Set<Route> registered(Path sources) {
        var web = sources.resolve("io/cloudvoter/agent/web");
        String routing = read(web.resolve("WebRouting.java"));
        var routes = new LinkedHashSet<Route>();
        Matcher mount = MOUNT.matcher(routing);
        while (mount.find()) {
            String prefix = mount.group(1);
            Matcher m = SERVICE_ROUTE.matcher(read(sourceOf(sources, mount.group(2))));
            int found = 0;
            while (m.find()) {
                String path = m.group(2).equals("/") ? prefix : prefix + m.group(2);
                routes.add(Route.of(m.group(1).toUpperCase(java.util.Locale.ROOT), path));
                found++;
            }
            if (found == 0) {
                throw new AssertionError(mount.group(2) + " is mounted at " + prefix + " but no route of it was found in its source");
            }
        }
        if (routing.contains("routing.any(Protocol.STREAM_PATH")) {
            routes.add(Route.of("GET", Protocol.STREAM_PATH));
        }
        return routes;
    }

    private static Path sourceOf(Path sources, String className) {
        try (Stream<Path> files = Files.walk(sources)) {
            List<Path> found = new ArrayList<>(files.filter(f -> f.getFileName().toString().equals(className + ".java")).toList());
            if (found.size() != 1) {
                throw new AssertionError("expected one source of " + className + " under " + sources + ", found " + found);
            }
            return found.getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
