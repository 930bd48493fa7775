package io.cloudvoter.bench;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The delays are lower bounds only: a loaded machine may answer later, never sooner. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LatencyTargetTest {
    private static final Duration L = Duration.ofMillis(400);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private LatencyTarget target;

    @AfterEach
    void stop() {
        if (target != null) {
            target.close();
        }
    }

    private record Answer(int status, byte[] body, long elapsedMs) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        var res = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(res.statusCode(), res.body(), (System.nanoTime() - t0) / 1_000_000);
    }

    private Answer get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(target.pollUrl() + path)).GET());
    }

    @Test
    void thePollPageAnswersAfterTheLatency() throws Exception {
        target = LatencyTarget.start(L);
        var page = get("");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.elapsedMs()).isGreaterThanOrEqualTo(L.toMillis());
        assertThat(page.text()).contains("<form method=\"post\" action=\"vote\">", "id=\"vote\"", "Votes so far: 17");
    }

    @Test
    void theVoteAnswersWithTheResultPageAfterTheLatencyAndCounts() throws Exception {
        target = LatencyTarget.start(L);
        var vote = send(HttpRequest.newBuilder(URI.create(target.pollUrl() + "vote"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("choice=margherita")));
        assertThat(vote.status()).isEqualTo(200);
        assertThat(vote.elapsedMs()).isGreaterThanOrEqualTo(L.toMillis());
        assertThat(vote.text()).contains("<p id=\"message\" class=\"ok\">Thanks for voting!</p>", "Votes so far: 18");
        assertThat(target.votes()).isEqualTo(18);
        assertThat(target.requests()).containsEntry("vote", 1L);
    }

    @Test
    void tenSubResourcesEachAnswerAfterAQuarterOfTheLatency() throws Exception {
        target = LatencyTarget.start(L);
        var page = get("").text();
        var paths = new LinkedHashSet<String>();
        paths.addAll(references(page, "(?:src|href)=\"([^\"]+\\.(?:css|js|png))\""));
        var css = get("style.css").text();
        paths.addAll(references(css, "url\\(([^)]+)\\)"));
        var script = get("app.js");
        paths.addAll(references(script.text(), "fetch\\(\"([^\"]+)\"\\)"));
        assertThat(paths).containsExactlyInAnyOrder("style.css", "app.js", "img/1.png", "img/2.png", "img/3.png",
                "img/4.png", "img/5.png", "img/6.png", "font.woff2", "tally.json");
        assertThat(script.body().length).isBetween(140 * 1024, 160 * 1024);
        for (var path : paths) {
            var answer = get(path);
            assertThat(answer.status()).as(path).isEqualTo(200);
            assertThat(answer.elapsedMs()).as(path).isGreaterThanOrEqualTo(L.toMillis() / 4);
        }
        var picture = ImageIO.read(new ByteArrayInputStream(get("img/3.png").body()));
        assertThat(picture.getWidth()).isEqualTo(160);
        assertThat(picture.getHeight()).isEqualTo(120);
        assertThat(target.requests()).containsEntry("image", 7L).containsEntry("stylesheet", 2L).containsEntry("font", 1L);
    }

    @Test
    void delaysOverlapInsteadOfQueueing() throws Exception {
        target = LatencyTarget.start(Duration.ofSeconds(3));
        var answers = new ArrayList<CompletableFuture<HttpResponse<Void>>>();
        for (int i = 0; i < 8; i++) {
            answers.add(http.sendAsync(HttpRequest.newBuilder(URI.create(target.pollUrl())).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()));
        }
        // if the delays ran one after another, at most one request would ever be inside its wait
        await().atMost(Duration.ofSeconds(30)).until(() -> target.mostWaiting() >= 8);
        for (var a : answers) {
            assertThat(a.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anUnknownPathIsNotFound() throws Exception {
        target = LatencyTarget.start(L);
        assertThat(get("nothing-here.gif").status()).isEqualTo(404);
        assertThat(target.requests()).containsEntry("unknown", 1L);
    }

    private static List<String> references(String text, String regex) {
        var found = new ArrayList<String>();
        var m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
