package io.cloudvoter.agent.node;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeSettingsTest {
    static final Map<String, String> CHROMIUM = Map.of("CLOUDVOTER_CHROMIUM", "/usr/bin/chromium-headless-shell");

    static NodeSettings parse(Map<String, String> env, String... args) {
        return NodeSettings.parse(args, env);
    }

    @Test
    void defaultsToLoopbackPort3000AndAFolderOfItsOwn() {
        var s = parse(CHROMIUM);

        assertThat(s.bind().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(3000);
        assertThat(s.loopback()).isTrue();
        assertThat(s.dir()).isEqualTo(Path.of("browser-node").toAbsolutePath());
        assertThat(s.chromium()).isEqualTo(Path.of("/usr/bin/chromium-headless-shell"));
    }

    @Test
    void argumentsWinOverTheEnvironment() {
        var env = Map.of("CLOUDVOTER_CHROMIUM", "/usr/bin/chromium-headless-shell",
                "CLOUDVOTER_NODE_PORT", "4000", "CLOUDVOTER_NODE_BIND", "10.0.0.5", "CLOUDVOTER_NODE_DIR", "/var/lib/x");

        assertThat(parse(env).port()).isEqualTo(4000);
        assertThat(parse(env).host()).isEqualTo("10.0.0.5");
        assertThat(parse(env, "--port", "4100", "--bind", "192.168.1.9", "--dir", "/tmp/n"))
                .satisfies(s -> {
                    assertThat(s.port()).isEqualTo(4100);
                    assertThat(s.host()).isEqualTo("192.168.1.9");
                    assertThat(s.dir()).isEqualTo(Path.of("/tmp/n"));
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "::1", "10.1.2.3", "172.16.0.1", "172.31.255.254", "192.168.0.10",
            "100.64.0.1", "100.127.255.254", "fd12:3456::1"})
    void acceptsLoopbackAndPrivateAddresses(String address) {
        assertThat(parse(CHROMIUM, "--bind", address).bind()).isNotNull();
    }

    @Test
    void anIpv6AddressGoesIntoTheUrlInBrackets() {
        assertThat(parse(CHROMIUM, "--bind", "::1").host()).isEqualTo("[0:0:0:0:0:0:0:1]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::"})
    void refusesWildcardsBecauseTheServerHasNoAuthentication(String address) {
        assertThatThrownBy(() -> parse(CHROMIUM, "--bind", address))
                .isInstanceOf(NodeSettings.Invalid.class)
                .hasMessageContaining("bind (--bind, CLOUDVOTER_NODE_BIND): " + address + " listens on every network")
                .hasMessageContaining("no authentication")
                .hasMessageContaining("SSH tunnel");
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.7", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2001:db8::1"})
    void refusesPublicAddresses(String address) {
        assertThatThrownBy(() -> parse(CHROMIUM, "--bind", address))
                .isInstanceOf(NodeSettings.Invalid.class)
                .hasMessageContaining(address + " is not a loopback or private address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "node.example.com", "300.1.1.1", "1.2.3", "abc"})
    void refusesNamesAndMalformedAddressesWithoutLookingThemUp(String address) {
        assertThatThrownBy(() -> parse(CHROMIUM, "--bind", address))
                .isInstanceOf(NodeSettings.Invalid.class)
                .hasMessageContaining("'" + address + "' is not an IP address");
    }

    @Test
    void listsEveryProblemAtOnce() {
        assertThatThrownBy(() -> parse(Map.of("CLOUDVOTER_CHROMIUM", "/nonexistent/chrome"), "--port", "70000", "--frob"))
                .isInstanceOf(NodeSettings.Invalid.class)
                .hasMessageContaining("unknown argument '--frob'")
                .hasMessageContaining("port (--port, CLOUDVOTER_NODE_PORT): '70000' is not a port number 0..65535")
                .hasMessageContaining("chromium (CLOUDVOTER_CHROMIUM): /nonexistent/chrome is not an executable file");
    }

    @Test
    void anOptionWithoutItsValueIsNamed() {
        assertThatThrownBy(() -> parse(CHROMIUM, "--port"))
                .hasMessageContaining("--port needs a value");
    }

    @Test
    void theLaunchOptionsNameTheExecutableTheAddressAndThePath() {
        var json = NodeMain.launchOptions(parse(CHROMIUM, "--port", "3100"), "/0123456789abcdef0123456789abcdef");

        assertThat(json).contains("\"executablePath\" : \"/usr/bin/chromium-headless-shell\"", "\"headless\" : true",
                "\"host\" : \"127.0.0.1\"", "\"port\" : 3100", "\"wsPath\" : \"/0123456789abcdef0123456789abcdef\"",
                "--disable-features=");
    }
}
