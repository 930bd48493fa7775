package io.cloudvoter.bench;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Small PNG pictures for the latency target, made in code (no AWT, no binary files in the tree):
 * a colour gradient with grain, so they compress like a photo thumbnail rather than to nothing.
 */
final class Png {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private Png() {
    }

    /** A {@code width}×{@code height} RGB picture; {@code seed} picks its colours and grain. */
    static byte[] picture(int width, int height, long seed) {
        var random = new Random(seed);
        int r0 = random.nextInt(256);
        int g0 = random.nextInt(256);
        int b0 = random.nextInt(256);
        var raw = new byte[height * (1 + 3 * width)];
        int i = 0;
        for (int y = 0; y < height; y++) {
            raw[i++] = 0; // filter: none
            for (int x = 0; x < width; x++) {
                int grain = random.nextInt(48);
                raw[i++] = (byte) ((r0 + x + grain) & 0xff);
                raw[i++] = (byte) ((g0 + y + grain) & 0xff);
                raw[i++] = (byte) ((b0 + x + y) & 0xff);
            }
        }
        var out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", deflate(raw));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data) {
        var deflater = new Deflater(6);
        deflater.setInput(data);
        deflater.finish();
        var out = new ByteArrayOutputStream();
        var buf = new byte[8192];
        while (!deflater.finished()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        var typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        var crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
