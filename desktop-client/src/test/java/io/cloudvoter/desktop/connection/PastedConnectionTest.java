package io.cloudvoter.desktop.connection;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PastedConnectionTest {
    @Test
    void readsTheAgentsStartBanner() {
        String banner = """

                  CloudVoter agent ready
                  URL:    http://127.0.0.1:8077
                  Token:  Zq3v9-TL0aQw8x1YbN2c4d5e6f7g8h9i
                  Demo:   http://127.0.0.1:8077/demo/  (three demo instances vote every 10s)
                  Health: http://127.0.0.1:8077/api/health
                """;
        assertThat(PastedConnection.parse(banner)).contains(
                new PastedConnection("http://127.0.0.1:8077", "Zq3v9-TL0aQw8x1YbN2c4d5e6f7g8h9i"));
    }

    @Test
    void readsAUrlAndABareTokenOnTheirOwnLines() {
        assertThat(PastedConnection.parse("https://agent.example.org:8443/\nabcdefghijklmnop0123\n"))
                .contains(new PastedConnection("https://agent.example.org:8443", "abcdefghijklmnop0123"));
    }

    @Test
    void aBannerWithoutTheTokenGivesOnlyTheUrl() {
        assertThat(PastedConnection.parse("  URL:    http://127.0.0.1:8077\n  Token:  in /var/lib/cloudvoter/token\n"))
                .contains(new PastedConnection("http://127.0.0.1:8077", null));
    }

    @Test
    void unrelatedTextGivesNothing() {
        assertThat(PastedConnection.parse("hello")).isEmpty();
    }
}
