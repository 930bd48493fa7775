package io.cloudvoter.bench;

import io.cloudvoter.agent.threads.DaemonThreads;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop HTTP/1.1 load: requests scheduled at a fixed rate over a few keep-alive connections,
 * each latency measured from the time the request was <em>due</em>, so a stalled server is not
 * hidden by the client waiting politely (coordinated omission). A plain socket client: the JDK's
 * HttpClient adds its own milliseconds.
 */
final class HttpLoad {
    private HttpLoad() {
    }

    /** Latencies in ms of {@code rate × seconds} GETs of {@code path}; throws if any answer is not 200. */
    static List<Double> run(int port, String path, String token, int rate, double seconds, int connections)
            throws InterruptedException {
        int total = (int) Math.round(rate * seconds);
        long start = System.nanoTime() + 50_000_000;
        long interval = 1_000_000_000L / rate;
        var latencies = new double[total];
        var errors = new ArrayList<String>();
        var threads = new ArrayList<Thread>();
        for (int c = 0; c < connections; c++) {
            int first = c;
            threads.add(DaemonThreads.start("bench-http-load", () -> {
                try (var conn = new Connection(port, path, token)) {
                    for (int i = first; i < total; i += connections) {
                        long due = start + i * interval;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        int status = conn.get();
                        latencies[i] = (System.nanoTime() - due) / 1e6;
                        if (status != 200) {
                            throw new IOException("HTTP " + status);
                        }
                    }
                } catch (IOException e) {
                    synchronized (errors) {
                        errors.add(e.toString());
                    }
                }
            }));
        }
        for (var t : threads) {
            t.join();
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("GET " + path + " failed: " + errors.getFirst());
        }
        var list = new ArrayList<Double>(total);
        for (double l : latencies) {
            list.add(l);
        }
        return list;
    }

    /** One keep-alive connection; reads a response by Content-Length or chunked encoding. */
    private static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final byte[] request;

        Connection(int port, String path, String token) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + token
                       + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        }

        int get() throws IOException {
            out.write(request);
            out.flush();
            var status = line();
            int code = Integer.parseInt(status.split(" ")[1]);
            long length = -1;
            boolean chunked = false;
            String header;
            while (!(header = line()).isEmpty()) {
                var h = header.toLowerCase(Locale.ROOT);
                if (h.startsWith("content-length:")) {
                    length = Long.parseLong(h.substring(15).trim());
                } else if (h.startsWith("transfer-encoding:") && h.contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                long size;
                while ((size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0) {
                    skip(size);
                    line();
                }
                line();
            } else if (length > 0) {
                skip(length);
            }
            return code;
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                long s = in.skip(n);
                if (s <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed mid-body");
                    }
                    s = 1;
                }
                n -= s;
            }
        }

        private String line() throws IOException {
            var sb = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    int len = sb.length();
                    return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
                }
                sb.append((char) b);
            }
            throw new IOException("connection closed");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
