package io.cloudvoter.agent.stream;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.socket.SocketContext;
import io.helidon.common.socket.SocketWriterException;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.websocket.WsUpgrader;
import io.helidon.websocket.ClientWsFrame;
import io.helidon.websocket.ServerWsFrame;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsCloseException;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsOpCode;
import io.helidon.websocket.WsSession;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server side of one WebSocket, as RFC 6455 says it must behave, in place of Helidon 4.5's
 * {@code WsConnection}, which decodes each text fragment on its own (an "é" split in two arrives as
 * two replacement characters), accepts invalid UTF-8, answers a reserved opcode by writing an HTTP 500
 * into the open socket and a one-byte close frame with 1011. Here: text is decoded across fragments
 * and invalid UTF-8 closes with 1007; reserved opcodes, fragmented or oversized control frames, a
 * continuation out of place, a one-byte close payload and reserved close codes close with 1002.
 * Frames are parsed by Helidon's own {@link ClientWsFrame}; writing is serialised by one lock.
 */
final class StreamConnection implements ServerConnection, WsSession {
    /** Control frames carry at most 125 bytes: the close code and at most 123 of reason. */
    private static final int MAX_CLOSE_REASON = 123;

    private enum Message { NONE, TEXT, BINARY }

    private final ConnectionContext ctx;
    private final HttpPrologue prologue;
    private final Headers upgradeHeaders;
    private final WsListener listener;
    private final int maxFrameLength;
    private final BufferData sendBuffer = BufferData.growing(1024);
    private final ReentrantLock sendLock = new ReentrantLock();
    private final AtomicBoolean closeSent = new AtomicBoolean();
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    /** Bytes of a UTF-8 sequence cut by a fragment boundary, waiting for the next fragment. */
    private ByteBuffer pending = ByteBuffer.allocate(0);
    private Message receiving = Message.NONE;
    private boolean sendingFragments;

    private volatile Thread thread;
    private volatile boolean canRun = true;
    private volatile boolean readingNetwork;
    private volatile long lastFrameNanos = System.nanoTime();

    StreamConnection(ConnectionContext ctx, HttpPrologue prologue, Headers upgradeHeaders, WsListener listener, int maxFrameLength) {
        this.ctx = ctx;
        this.prologue = prologue;
        this.upgradeHeaders = upgradeHeaders;
        this.listener = listener;
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    public void handle(Limit limit) {
        thread = Thread.currentThread();
        try {
            listener.onOpen(this);
        } catch (CloseConnectionException e) {
            throw e;
        } catch (RuntimeException e) {
            close(WsCloseCodes.UNEXPECTED_CONDITION, "cannot open the stream");
            return;
        }
        while (canRun) {
            readingNetwork = true;
            ClientWsFrame frame = readFrame();
            readingNetwork = false;
            lastFrameNanos = System.nanoTime();
            try {
                if (!process(frame)) {
                    return;
                }
            } catch (ProtocolViolation e) {
                fail(e.code, e.getMessage());
            } catch (CloseConnectionException e) {
                throw e;
            } catch (RuntimeException e) {
                listener.onError(this, e);
                fail(WsCloseCodes.UNEXPECTED_CONDITION, "internal error");
            }
        }
        close(WsCloseCodes.NORMAL_CLOSE, "idle");
    }

    private ClientWsFrame readFrame() {
        try {
            return ClientWsFrame.read(ctx, ctx.dataReader(), maxFrameLength);
        } catch (DataReader.InsufficientDataAvailableException e) {
            listener.onClose(this, WsCloseCodes.NO_STATUS_CODE, "the connection was closed");
            throw new CloseConnectionException("the client closed the connection", e);
        } catch (WsCloseException e) {
            fail(e.closeCode(), e.getMessage());
            throw new CloseConnectionException("bad frame", e); // not reached
        } catch (IllegalArgumentException e) {
            // WsOpCode.get: 3-7 and 11-15 are reserved
            fail(WsCloseCodes.PROTOCOL_ERROR, "reserved opcode");
            throw new CloseConnectionException("bad frame", e); // not reached
        }
    }

    /** @return false when the connection is over (the client's close frame) */
    private boolean process(ClientWsFrame frame) {
        var payload = frame.payloadData();
        var op = frame.opCode();
        boolean control = op == WsOpCode.CLOSE || op == WsOpCode.PING || op == WsOpCode.PONG;
        if (control && (!frame.fin() || frame.payloadLength() > 125)) {
            throw new ProtocolViolation(WsCloseCodes.PROTOCOL_ERROR, "control frames must be whole and at most 125 bytes");
        }
        switch (op) {
            case TEXT, BINARY -> {
                if (receiving != Message.NONE) {
                    throw new ProtocolViolation(WsCloseCodes.PROTOCOL_ERROR, "a new message began before the last one ended");
                }
                receiving = op == WsOpCode.TEXT ? Message.TEXT : Message.BINARY;
                data(payload, frame.fin());
            }
            case CONTINUATION -> {
                if (receiving == Message.NONE) {
                    throw new ProtocolViolation(WsCloseCodes.PROTOCOL_ERROR, "a continuation frame with no message to continue");
                }
                data(payload, frame.fin());
            }
            case CLOSE -> {
                closing(payload);
                return false;
            }
            case PING -> listener.onPing(this, payload);
            case PONG -> listener.onPong(this, payload);
            default -> throw new ProtocolViolation(WsCloseCodes.PROTOCOL_ERROR, "unexpected opcode " + op);
        }
        return true;
    }

    private void data(BufferData payload, boolean last) {
        var kind = receiving;
        if (last) {
            receiving = Message.NONE;
        }
        if (kind == Message.BINARY) {
            listener.onMessage(this, payload, last);
            return;
        }
        listener.onMessage(this, decode(payload, last), last);
    }

    /** Decodes a fragment, keeping a sequence the fragment cut in two for the next one. */
    private String decode(BufferData payload, boolean last) {
        var bytes = new byte[payload.available()];
        payload.read(bytes);
        var in = ByteBuffer.allocate(pending.remaining() + bytes.length).put(pending).put(bytes).flip();
        var out = CharBuffer.allocate(in.remaining() + 1);
        var result = utf8.decode(in, out, last);
        if (result.isError() || (last && in.hasRemaining())) {
            throw new ProtocolViolation(WsCloseCodes.NOT_CONSISTENT, "text is not valid UTF-8");
        }
        if (last) {
            utf8.flush(out);
            utf8.reset();
        }
        pending = in.slice();
        return out.flip().toString();
    }

    private void closing(BufferData payload) {
        int code = WsCloseCodes.NO_STATUS_CODE;
        String reason = "";
        if (payload.available() == 1) {
            throw new ProtocolViolation(WsCloseCodes.PROTOCOL_ERROR, "a close payload is a 2-byte code and a reason");
        }
        if (payload.available() >= 2) {
            code = payload.readInt16();
            if (!validCloseCode(code)) {
                throw new ProtocolViolation(WsCloseCodes.PROTOCOL_ERROR, "close code " + code + " is not one a client may send");
            }
            var bytes = new byte[payload.available()];
            payload.read(bytes);
            try {
                reason = utf8.reset().decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new ProtocolViolation(WsCloseCodes.NOT_CONSISTENT, "the close reason is not valid UTF-8");
            }
        }
        close(WsCloseCodes.NORMAL_CLOSE, "normal"); // the answer first, as in fail()
        listener.onClose(this, code, reason);
    }

    /** RFC 6455 7.4: 1004-1006, 1015 and anything below 1000 or in 1016-2999 are never sent in a close frame. */
    static boolean validCloseCode(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    /** Tells the client why, tells the listener, and ends the connection. */
    private void fail(int code, String reason) {
        close(code, reason); // first: the listener stops its writer, which may take the socket with it
        listener.onClose(this, code, reason);
        throw new CloseConnectionException("WebSocket closed: " + code + " " + reason);
    }

    // ---- WsSession ------------------------------------------------------------------------

    @Override
    public WsSession send(String text, boolean last) {
        return send(ServerWsFrame.data(text, last));
    }

    @Override
    public WsSession send(BufferData bufferData, boolean last) {
        return send(ServerWsFrame.data(bufferData, last));
    }

    @Override
    public WsSession ping(BufferData bufferData) {
        return send(ServerWsFrame.control(WsOpCode.PING, bufferData));
    }

    @Override
    public WsSession pong(BufferData bufferData) {
        return send(ServerWsFrame.control(WsOpCode.PONG, bufferData));
    }

    @Override
    public WsSession close(int code, String reason) {
        if (!closeSent.compareAndSet(false, true)) {
            return this;
        }
        byte[] reasonBytes = truncate(reason == null ? "" : reason);
        var data = BufferData.create(2 + reasonBytes.length);
        data.writeInt16(code);
        data.write(reasonBytes);
        try {
            return send(ServerWsFrame.control(WsOpCode.CLOSE, data));
        } catch (ServerConnectionException e) {
            return this; // the client is gone already
        }
    }

    /** A close reason cut to what fits in a control frame, never inside a character. */
    static byte[] truncate(String reason) {
        var bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_CLOSE_REASON) {
            return bytes;
        }
        int end = MAX_CLOSE_REASON;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // back off a continuation byte
        }
        return java.util.Arrays.copyOf(bytes, end);
    }

    @Override
    public WsSession terminate() {
        close(WsCloseCodes.NORMAL_CLOSE, "terminated");
        throw new CloseConnectionException("WebSocket terminated");
    }

    @Override
    public Optional<String> subProtocol() {
        return upgradeHeaders.first(WsUpgrader.PROTOCOL);
    }

    @Override
    public SocketContext socketContext() {
        return ctx;
    }

    @Override
    public HttpPrologue prologue() {
        return prologue;
    }

    private WsSession send(ServerWsFrame frame) {
        sendLock.lock();
        try {
            var op = frame.opCode();
            if (frame.isPayload()) {
                if (sendingFragments) {
                    op = WsOpCode.CONTINUATION;
                }
                sendingFragments = !frame.fin();
            }
            sendBuffer.clear();
            sendBuffer.write((frame.fin() ? 0b1000_0000 : 0) | op.code());
            long length = frame.payloadLength();
            if (length < 126) {
                sendBuffer.write((int) length);
            } else if (length < 1 << 16) {
                sendBuffer.write(126);
                sendBuffer.write((int) (length >>> 8));
                sendBuffer.write((int) (length & 0xFF));
            } else {
                sendBuffer.write(127);
                for (int i = 56; i >= 0; i -= 8) {
                    sendBuffer.write((int) (length >>> i) & 0xFF);
                }
            }
            sendBuffer.write(frame.payloadData());
            ctx.dataWriter().writeNow(sendBuffer);
            return this;
        } catch (SocketWriterException | UncheckedIOException e) {
            throw new ServerConnectionException("cannot write a WebSocket frame", e);
        } finally {
            sendLock.unlock();
        }
    }

    // ---- ServerConnection -----------------------------------------------------------------

    @Override
    public Duration idleTime() {
        return Duration.ofNanos(System.nanoTime() - lastFrameNanos);
    }

    @Override
    public void close(boolean interrupt) {
        canRun = false;
        var t = thread;
        if (t != null && (interrupt || readingNetwork)) {
            t.interrupt();
        }
    }

    /** A frame the protocol forbids: closed with {@code code}. */
    private static final class ProtocolViolation extends RuntimeException {
        final int code;

        ProtocolViolation(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
