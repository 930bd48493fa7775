package io.cloudvoter.desktop.ssh;

import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.agent.common.AbstractAgentProxy;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * The running ssh-agent ({@code SSH_AUTH_SOCK}), spoken to over its UNIX socket with the JDK's own
 * UNIX-domain channels (MINA SSHD's agent client needs Tomcat's native APR library, which a desktop does
 * not have). MINA's proxy does the protocol (list the keys, sign); this class only carries the frames.
 * Private keys never leave the agent.
 */
public final class AgentSocket implements SshAgentFactory {
    /** An agent frame is a few kilobytes; anything far bigger is not an agent talking. */
    private static final int MAX_FRAME = 256 * 1024;

    private final Path socket;

    public AgentSocket(Path socket) {
        this.socket = socket;
    }

    @Override
    public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
        return List.of(); // no agent forwarding to the droplet
    }

    @Override
    public SshAgent createClient(Session session, FactoryManager manager) throws IOException {
        var channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot reach the ssh-agent at " + socket + ": " + e.getMessage(), e);
        }
        return new Client(channel);
    }

    @Override
    public SshAgentServer createServer(ConnectionService service) {
        throw new UnsupportedOperationException("agent forwarding is not offered");
    }

    private static final class Client extends AbstractAgentProxy {
        private final SocketChannel channel;

        Client(SocketChannel channel) {
            super(null);
            this.channel = channel;
        }

        @Override
        protected synchronized Buffer request(Buffer frame) throws IOException {
            var out = ByteBuffer.wrap(frame.array(), frame.rpos(), frame.available());
            while (out.hasRemaining()) {
                channel.write(out);
            }
            var length = readFully(ByteBuffer.allocate(4)).flip().getInt();
            if (length <= 0 || length > MAX_FRAME) {
                throw new IOException("the ssh-agent answered a frame of " + length + " bytes");
            }
            return new ByteArrayBuffer(readFully(ByteBuffer.allocate(length)).array());
        }

        private ByteBuffer readFully(ByteBuffer into) throws IOException {
            while (into.hasRemaining()) {
                if (channel.read(into) < 0) {
                    throw new IOException("the ssh-agent closed the connection");
                }
            }
            return into;
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            super.close();
            channel.close();
        }
    }
}
