package io.cloudvoter.desktop.testing;

import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * For trying the desktop's SSH profiles by hand and for the screenshots (not a test): an SSH server on
 * 127.0.0.1 that only forwards ports, for the keys in an authorized_keys file, with a host key kept in a
 * file so that known_hosts stays right across restarts.
 * {@code java -cp <test class path> io.cloudvoter.desktop.testing.DemoSshServer PORT AUTHORIZED_KEYS HOST_KEY_FILE}
 */
public final class DemoSshServer {
    private DemoSshServer() {
    }

    public static void main(String[] args) throws Exception {
        var server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(Integer.parseInt(args[0]));
        server.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(Path.of(args[1])));
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(Path.of(args[2])));
        server.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
        server.start();
        System.out.println("SSH server on 127.0.0.1:" + server.getPort() + " (port forwarding only)");
        var stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
        server.stop(true);
    }
}
