package io.cloudvoter.bench;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * What the latency target serves: a small poll site's pages and the ten sub-resources its poll page
 * pulls in (a stylesheet, a script of about 150 KB, six pictures, a web font, and the live tally the
 * script fetches). Made once, in code.
 */
final class PollSite {
    /** A sub-resource: its path under {@code /poll/}, its kind (as the bench counts requests), content type and body. */
    record Resource(String path, String kind, String type, byte[] body) {
    }

    static final int SCRIPT_BYTES = 150 * 1024;
    static final int PICTURES = 6;

    private final Map<String, Resource> resources = new LinkedHashMap<>();

    PollSite() {
        add("style.css", "stylesheet", "text/css; charset=utf-8", utf8(stylesheet()));
        add("app.js", "script", "text/javascript; charset=utf-8", utf8(script()));
        for (int i = 1; i <= PICTURES; i++) {
            add("img/" + i + ".png", "image", "image/png", Png.picture(160, 120, i));
        }
        add("font.woff2", "font", "font/woff2", font());
    }

    private void add(String path, String kind, String type, byte[] body) {
        resources.put(path, new Resource(path, kind, type, body));
    }

    /** The static sub-resources by path (the tally is made per request: it carries the count). */
    Map<String, Resource> resources() {
        return resources;
    }

    String pollPage(long votes) {
        var pictures = new StringBuilder();
        for (int i = 2; i <= PICTURES; i++) {
            pictures.append("<figure><img src=\"img/").append(i).append(".png\" width=\"160\" height=\"120\" alt=\"Topping ")
                    .append(i).append("\"><figcaption>Topping ").append(i).append("</figcaption></figure>\n");
        }
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Town poll: best pizza topping</title>
                <link rel="stylesheet" href="style.css">
                <script src="app.js" defer></script></head>
                <body><header><img src="img/1.png" width="160" height="120" alt="Town poll"><h1>Best pizza topping?</h1></header>
                <main><div class="gallery">
                %s</div>
                <form method="post" action="vote">
                <label><input type="radio" name="choice" value="margherita" checked> Margherita</label>
                <label><input type="radio" name="choice" value="funghi"> Funghi</label>
                <label><input type="radio" name="choice" value="diavola"> Diavola</label>
                <button id="vote" type="submit">Vote</button></form>
                <p id="count">Votes so far: %d</p><p id="live"></p></main>
                <footer>Results are updated live.</footer></body></html>
                """.formatted(pictures, votes);
    }

    String resultPage(long votes) {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Town poll: thank you</title>
                <link rel="stylesheet" href="style.css"></head>
                <body><header><h1>Best pizza topping?</h1></header>
                <main><p id="message" class="ok">Thanks for voting!</p>
                <p id="count">Votes so far: %d</p><p><a href="./">Back to the poll</a></p></main></body></html>
                """.formatted(votes);
    }

    String tally(long votes) {
        return "{\"votes\":" + votes + "}";
    }

    private static String stylesheet() {
        var css = new StringBuilder("""
                @font-face{font-family:PollSans;src:url(font.woff2) format("woff2");font-display:swap}
                body{font:16px PollSans,system-ui,sans-serif;max-width:48rem;margin:2rem auto;color:#1f2937}
                header{display:flex;gap:1rem;align-items:center}.gallery{display:flex;flex-wrap:wrap;gap:.5rem}
                figure{margin:0}button{font-size:1rem;padding:.5rem 1rem}.ok{color:#15803d}
                """);
        for (int i = 0; i < 60; i++) {
            css.append(".c").append(i).append("{margin:").append(i % 7).append("px;padding:").append(i % 5).append("px}\n");
        }
        return css.toString();
    }

    /** A script as heavy as a small site's bundle: a table of strings, then the live tally. */
    private static String script() {
        var js = new StringBuilder("\"use strict\";\n// poll widget: texts and layout tables\nvar POLL_TEXT = {\n");
        var random = new Random(42);
        for (int i = 0; js.length() < SCRIPT_BYTES - 400; i++) {
            js.append("  \"t").append(i).append("\": \"");
            for (int w = 0; w < 12; w++) {
                js.append((char) ('a' + random.nextInt(26))).append((char) ('a' + random.nextInt(26)))
                        .append((char) ('a' + random.nextInt(26))).append(w < 11 ? " " : "");
            }
            js.append("\",\n");
        }
        js.append("""
                  "end": ""
                };
                fetch("tally.json").then(function (r) { return r.json(); }).then(function (t) {
                  document.getElementById("live").textContent = "Live: " + t.votes + " votes";
                }).catch(function () {});
                """);
        return js.toString();
    }

    /** Bytes with a woff2 signature; Chromium's font sanitiser rejects them and falls back, after the download. */
    private static byte[] font() {
        var body = new byte[20 * 1024];
        new Random(7).nextBytes(body);
        body[0] = 'w';
        body[1] = 'O';
        body[2] = 'F';
        body[3] = '2';
        return body;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
