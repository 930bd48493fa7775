package io.cloudvoter.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cloudvoter.model.Json;
import io.cloudvoter.model.api.ErrorBody;
import io.cloudvoter.model.api.FlowProblem;
import io.cloudvoter.model.api.FlowRejection;
import io.cloudvoter.model.api.FlowSource;
import io.cloudvoter.model.api.FlowTry;
import io.cloudvoter.model.api.Outcome;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./cloudvoter flow push FILE} and {@code ./cloudvoter flow try NAME|FILE [--instance ID] [--screenshot PNG]},
 * against the running agent of this data dir (its {@code agent.url} and token, as {@code token rotate} finds
 * them), or the one named by {@code --agent URL --token-file FILE}. A push is checked by the agent first:
 * its problems are printed as {@code FILE:LINE:COLUMN: field: reason}, and nothing is written.
 * Exit codes: 0 done (a try that succeeded), 1 the agent could not be reached, 2 refused (bad input),
 * 3 tried, and the outcome was not SUCCESS.
 */
public final class FlowCommand {
    static final String USAGE = """
            usage: ./cloudvoter flow push FILE                       check FILE on the agent and store it in its flows folder
                   ./cloudvoter flow try NAME|FILE [--instance ID] [--screenshot PNG]
                                                             run a loaded flow (or FILE) once: nothing recorded or saved
              --agent URL --token-file FILE   another agent than the one of this data dir""";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private record Target(String url, String token) {
    }

    private FlowCommand() {
    }

    public static void main(String[] args) {
        var dataDir = Path.of(Optional.ofNullable(System.getenv("CLOUDVOTER_DATA_DIR")).orElse("data")).toAbsolutePath();
        System.exit(run(args, dataDir, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Path dataDir, Map<String, String> env, PrintStream out, PrintStream err) {
        String verb = args.length > 0 ? args[0] : "";
        String what = args.length > 1 ? args[1] : null;
        String instance = null;
        String agentUrl = null;
        String tokenFile = null;
        Path screenshot = null;
        for (int i = 2; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--instance" -> instance = value;
                case "--agent" -> agentUrl = value;
                case "--token-file" -> tokenFile = value;
                case "--screenshot" -> screenshot = value == null ? null : Path.of(value);
                default -> {
                    err.println("cloudvoter: unknown option '" + args[i] + "'\n" + USAGE);
                    return 2;
                }
            }
            if (value == null) {
                err.println("cloudvoter: " + args[i] + " needs a value\n" + USAGE);
                return 2;
            }
            i++;
        }
        if (what == null || !(verb.equals("push") || verb.equals("try"))) {
            err.println(USAGE);
            return 2;
        }
        try {
            var target = target(dataDir, env, agentUrl, tokenFile);
            if (target.isEmpty()) {
                err.println("cloudvoter: no running agent found for " + dataDir + " (no " + AgentAddress.FILE
                        + "); start it, or give --agent URL --token-file FILE");
                return 1;
            }
            return verb.equals("push") ? push(target.get(), Path.of(what), out, err)
                    : tryFlow(target.get(), what, instance, screenshot, out, err);
        } catch (NoSuchFileException e) {
            err.println("cloudvoter: " + e.getFile() + ": no such file");
            return 2;
        } catch (IOException e) {
            err.println("cloudvoter: the agent did not answer: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static int push(Target target, Path file, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        String text = Files.readString(file);
        String name = nameOf(file, text);
        var answer = send(target, "PUT", "/api/flows/" + segment(name), mediaType(file), text);
        if (answer.statusCode() == 200 || answer.statusCode() == 201) {
            var source = Json.mapper().readValue(answer.body(), FlowSource.class);
            out.println((answer.statusCode() == 201 ? "created" : "replaced") + " flow " + name + " (" + source.file()
                    + " on the agent); it runs from its instances' next run on");
            return 0;
        }
        return refused(answer, file.toString(), err);
    }

    private static int tryFlow(Target target, String what, String instance, Path screenshot, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        var file = Path.of(what);
        boolean local = Files.isRegularFile(file);
        String query = instance == null ? "" : "?instance=" + URLEncoder.encode(instance, StandardCharsets.UTF_8);
        var answer = local ? send(target, "POST", "/api/flows/try" + query, mediaType(file), Files.readString(file))
                : send(target, "POST", "/api/flows/" + segment(what) + "/try" + query, null, null);
        if (answer.statusCode() != 200) {
            return refused(answer, what, err);
        }
        var tried = Json.mapper().readValue(answer.body(), FlowTry.class);
        out.println(tried.outcome() + (tried.message() == null ? "" : ": " + tried.message()) + " (" + tried.durationMs() + " ms"
                + (tried.instanceId() == null ? ", a fresh browser" : ", as " + tried.instanceId()) + ")");
        for (var step : tried.steps()) {
            out.printf(Locale.ROOT, "  %2d %-10s %6d ms  %s%s%n", step.index(), step.kind(), step.ms(), step.ok() ? "ok  " : "FAIL",
                    " " + step.what() + (step.message() == null ? "" : " — " + step.message()));
        }
        tried.values().forEach((k, v) -> out.println("  " + k + " = " + v));
        if (screenshot != null && tried.screenshot() != null) {
            Files.write(screenshot, Base64.getDecoder().decode(tried.screenshot()));
            out.println("  the page at the end: " + screenshot);
        }
        return tried.outcome() == Outcome.SUCCESS ? 0 : 3;
    }

    /** Every problem as {@code FILE:LINE:COLUMN: field: reason}, the way editors read compiler output. */
    private static int refused(HttpResponse<String> answer, String what, PrintStream err) throws IOException {
        if (answer.statusCode() == 422) {
            var rejection = Json.mapper().readValue(answer.body(), FlowRejection.class);
            err.println("cloudvoter: " + what + " was refused; nothing was changed on the agent:");
            for (FlowProblem p : rejection.problems()) {
                err.println(what + (p.line() == null ? "" : ":" + p.line() + (p.column() == null ? "" : ":" + p.column())) + ": "
                        + (p.field() == null || p.field().isEmpty() ? "" : p.field() + ": ") + p.reason());
            }
            return 2;
        }
        String message;
        try {
            message = Json.mapper().readValue(answer.body(), ErrorBody.class).message();
        } catch (IOException e) {
            message = answer.body();
        }
        err.println("cloudvoter: the agent refused (" + answer.statusCode() + "): " + message);
        return answer.statusCode() >= 500 ? 1 : 2;
    }

    private static HttpResponse<String> send(Target target, String method, String path, String type, String body)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(target.url() + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + target.token())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        return TokenCommand.client(URI.create(target.url())).send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<Target> target(Path dataDir, Map<String, String> env, String url, String tokenFile) throws IOException {
        if (url != null) {
            if (tokenFile == null) {
                throw new NoSuchFileException("--token-file (needed with --agent)");
            }
            return Optional.of(new Target(url.replaceAll("/+$", ""), Files.readString(Path.of(tokenFile)).strip()));
        }
        var running = AgentAddress.read(dataDir);
        if (running.isEmpty()) {
            return Optional.empty();
        }
        var token = env.get("CLOUDVOTER_TOKEN");
        return Optional.of(new Target(running.get(), token != null && !token.isBlank() ? token.strip()
                : Files.readString(dataDir.resolve("token")).strip()));
    }

    /** The flow's own {@code name:}, else the file's name without its extension (as the agent would name it). */
    static String nameOf(Path file, String text) {
        try {
            JsonNode root = new YAMLMapper().readTree(text);
            var name = root == null ? null : root.get("name");
            if (name != null && name.isTextual() && !name.asText().isBlank()) {
                return name.asText();
            }
        } catch (IOException | RuntimeException e) {
            // the agent reports the syntax, with its line
        }
        return file.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
    }

    private static String mediaType(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? "application/json" : "application/yaml";
    }

    private static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
