package io.cloudvoter.agent.stream;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.testing.RawHttp;
import io.cloudvoter.agent.testing.TestAgents;
import io.cloudvoter.agent.testing.WsTestClient;
import io.cloudvoter.model.Json;
import io.cloudvoter.model.Protocol;
import io.cloudvoter.model.events.Pong;
import io.cloudvoter.model.events.Snapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 6455 on /ws, where Helidon's own WebSocket connection falls short, and what the upgrade answers. */
class StreamProtocolTest {
    static final Duration END = Duration.ofSeconds(10);
    @TempDir
    static Path dir;
    static Agent agent;

    @BeforeAll
    static void start() {
        agent = TestAgents.startQuietWebOnly(dir, Map.of());
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    static WsTestClient open() {
        var client = WsTestClient.to(agent.baseUrl()).token(TestAgents.TOKEN).open();
        client.next(Snapshot.class);
        return client;
    }

    @Test
    void theUpgradeNeverEchoesTheTokenOfferedAsASubprotocol() {
        try (var client = WsTestClient.to(agent.baseUrl()).protocols(Protocol.BEARER_SUBPROTOCOL_PREFIX + TestAgents.TOKEN).open()) {
            assertThat(client.subprotocol()).as("only cloudvoter.v1 is ever selected").isNull();
            client.next(Snapshot.class);
        }
        try (var client = WsTestClient.to(agent.baseUrl()).protocols("chat", Protocol.BEARER_SUBPROTOCOL_PREFIX + TestAgents.TOKEN).open()) {
            assertThat(client.subprotocol()).isNull();
        }
        try (var client = WsTestClient.to(agent.baseUrl())
                .protocols(Protocol.BEARER_SUBPROTOCOL_PREFIX + TestAgents.TOKEN, Protocol.SUBPROTOCOL).open()) {
            assertThat(client.subprotocol()).isEqualTo(Protocol.SUBPROTOCOL);
        }
    }

    @Test
    void textSplitInsideACharacterArrivesWhole() {
        try (var client = open()) {
            byte[] frame = "{\"type\":\"ping\",\"id\":\"é€😀\"}".getBytes(StandardCharsets.UTF_8);
            int cut = new String(frame, StandardCharsets.UTF_8).indexOf('é') + 1; // after the first byte of "é"
            client.sendFrame(0x1, Arrays.copyOfRange(frame, 0, cut), false);
            client.sendFrame(0x0, Arrays.copyOfRange(frame, cut, cut + 3), false); // rest of é, two bytes of €
            client.sendFrame(0x0, Arrays.copyOfRange(frame, cut + 3, frame.length), true);
            assertThat(client.next(Pong.class).id()).isEqualTo("é€😀");
        }
    }

    @Test
    void invalidUtf8ClosesWith1007() {
        try (var client = open()) {
            client.sendFrame(0x1, new byte[]{'{', '"', (byte) 0xC3, '"', '}'}, true);
            assertThat(client.awaitEnd(END).code()).isEqualTo(1007);
        }
        try (var client = open()) {
            client.sendFrame(0x1, new byte[]{'"', (byte) 0xE2, (byte) 0x82}, true); // a sequence the message's end cuts off
            assertThat(client.awaitEnd(END).code()).isEqualTo(1007);
        }
    }

    @Test
    void reservedOpcodesCloseWith1002NotAnHttpAnswer() {
        for (int opcode : new int[]{3, 11}) {
            try (var client = open()) {
                client.sendFrame(opcode, "x".getBytes(StandardCharsets.UTF_8), true);
                var end = client.awaitEnd(END);
                assertThat(end.code()).as("opcode " + opcode + ": " + end).isEqualTo(1002);
            }
        }
    }

    @Test
    void malformedCloseFramesAndControlFramesCloseWith1002() {
        try (var client = open()) {
            client.sendFrame(0x8, new byte[]{0x03}, true);
            assertThat(client.awaitEnd(END).code()).as("a one-byte close payload").isEqualTo(1002);
        }
        try (var client = open()) {
            client.sendFrame(0x8, new byte[]{0x03, (byte) 0xED}, true);
            assertThat(client.awaitEnd(END).code()).as("close code 1005 on the wire").isEqualTo(1002);
        }
        try (var client = open()) {
            client.sendFrame(0x9, new byte[126], true);
            assertThat(client.awaitEnd(END).code()).as("a ping of 126 bytes").isEqualTo(1002);
        }
        try (var client = open()) {
            client.sendFrame(0x0, "x".getBytes(StandardCharsets.UTF_8), true);
            assertThat(client.awaitEnd(END).code()).as("a continuation of nothing").isEqualTo(1002);
        }
        try (var client = open()) {
            client.sendFrame(0x8, new byte[]{0x03, (byte) 0xE8, 'b', 'y', 'e'}, true);
            assertThat(client.awaitEnd(END).code()).as("a proper close is answered in kind").isEqualTo(1000);
        }
    }

    @Test
    void aBadHandshakeIsA400WithABodyNamingTheFault() throws Exception {
        var auth = "Authorization: Bearer " + TestAgents.TOKEN + "\r\n";
        for (var key : new String[]{"!!notbase64", "c2hvcnQ="}) {
            var a = RawHttp.exchange(agent.baseUrl(), "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + key + "\r\n" + auth + "\r\n");
            assertThat(a.status()).as(key).isEqualTo(400);
            assertThat(Json.mapper().readTree(a.body()).path("message").asText()).contains("Sec-WebSocket-Key");
        }
        var since = RawHttp.exchange(agent.baseUrl(), "GET /ws?since=soon HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + auth + "\r\n");
        assertThat(since.status()).isEqualTo(400);
        assertThat(Json.mapper().readTree(since.body()).path("message").asText()).contains("since");
    }
}
