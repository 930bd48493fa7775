package io.cloudvoter.agent.testing;

import java.io.DataInputStream;
import java.io.IOException;

/**
 * One WebSocket frame as a server sends it (RFC 6455, unmasked), read off a raw socket by the tests'
 * and the latency benchmark's own clients.
 */
public record ServerFrame(int opcode, boolean fin, byte[] payload) {
    public static final int TEXT = 0x1;
    public static final int CLOSE = 0x8;

    /** Blocks for the next frame; a masked frame or reserved bits are a protocol fault. */
    public static ServerFrame read(DataInputStream in) throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        if ((b1 & 0x80) != 0 || (b0 & 0x70) != 0) {
            throw new IOException("a server frame must not be masked nor use reserved bits: " + b0 + " " + b1);
        }
        long n = b1 & 0x7F;
        if (n == 126) {
            n = in.readUnsignedShort();
        } else if (n == 127) {
            n = in.readLong();
        }
        return new ServerFrame(b0 & 0x0F, (b0 & 0x80) != 0, in.readNBytes((int) n));
    }

    /** A close frame's status code; 1005 when it carries none. */
    public int closeCode() {
        return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }
}
