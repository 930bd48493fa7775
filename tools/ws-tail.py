#!/usr/bin/env python3
"""Follow a CloudVoter agent's event stream from a terminal, with nothing but Python's standard library.

    tools/ws-tail.py [--url http://127.0.0.1:8077] [--token-file data/token | --token T] [--since SEQ]
                     [--count N] [--json] [--send FRAME]...

Prints one line per event (seq, type, what it says); --json prints the frames as they came. It is
also a small reference client for other languages: the handshake carries the token as a header, the
first frame is a snapshot (or the missed events after --since), server pings are answered.
"""
import argparse, base64, json, os, socket, ssl, struct, sys
from urllib.parse import urlparse


def connect(url, token, since):
    u = urlparse(url)
    port = u.port or (443 if u.scheme == "https" else 80)
    sock = socket.create_connection((u.hostname, port), timeout=30)
    if u.scheme == "https":
        sock = ssl.create_default_context().wrap_socket(sock, server_hostname=u.hostname)
    key = base64.b64encode(os.urandom(16)).decode()
    path = "/ws" + ("?since=%d" % since if since is not None else "")
    sock.sendall(("GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer %s\r\n\r\n"
                  % (path, u.hostname, port, key, token)).encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(1)
        if not chunk:
            raise SystemExit("connection closed during the handshake")
        head += chunk
    status = head.split(b"\r\n", 1)[0].decode()
    if " 101 " not in status:
        raise SystemExit("upgrade refused: " + status)
    sock.settimeout(None)
    return sock


def read_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def send_frame(sock, opcode, payload):
    mask = os.urandom(4)  # a client masks every frame
    header = bytes([0x80 | opcode])
    n = len(payload)
    header += bytes([0x80 | n]) if n < 126 else (bytes([0x80 | 126]) + struct.pack(">H", n) if n < 65536
                                                  else bytes([0x80 | 127]) + struct.pack(">Q", n))
    sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))


def messages(sock):
    """Yields text messages; answers pings; returns on a close frame with (code, reason)."""
    parts = []
    while True:
        b0, b1 = read_exact(sock, 2)
        opcode, n = b0 & 0x0F, b1 & 0x7F
        if n == 126:
            n = struct.unpack(">H", read_exact(sock, 2))[0]
        elif n == 127:
            n = struct.unpack(">Q", read_exact(sock, 8))[0]
        payload = read_exact(sock, n)
        if opcode == 0x9:
            send_frame(sock, 0xA, payload)
        elif opcode == 0x8:
            code = struct.unpack(">H", payload[:2])[0] if len(payload) >= 2 else 1005
            return code, payload[2:].decode(errors="replace")
        elif opcode in (0x1, 0x0):
            parts.append(payload)
            if b0 & 0x80:
                yield b"".join(parts).decode()
                parts = []


def summary(e):
    t = e.get("type")
    if t == "snapshot":
        return "%d instances, monitoring %s, %d log lines" % (len(e.get("instances", [])),
                                                              "on" if e.get("monitoring") else "off", len(e.get("logs", [])))
    if t == "instance":
        i = e["instance"]
        return "%s %s next %s" % (i["id"], i["state"], i.get("nextRunAt", "-"))
    if t in ("run.started", "run.finished"):
        r = e["run"]
        return "run %d of %s: %s %s" % (r["id"], r["instanceId"], r["outcome"], r.get("message", ""))
    if t == "log":
        l = e["line"]
        return "%s [%s]%s %s" % (l["level"], l["logger"], " (" + l["instanceId"] + ")" if l.get("instanceId") else "", l["message"])
    return json.dumps({k: v for k, v in e.items() if k not in ("type", "seq", "time")})


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", default="http://127.0.0.1:8077")
    p.add_argument("--token")
    p.add_argument("--token-file", default=os.path.join(os.environ.get("CLOUDVOTER_DATA_DIR", "data"), "token"))
    p.add_argument("--since", type=int)
    p.add_argument("--count", type=int, help="stop after this many frames")
    p.add_argument("--json", action="store_true")
    p.add_argument("--send", action="append", default=[], help="a text frame to send after connecting")
    a = p.parse_args()
    token = a.token or open(a.token_file).read().strip()
    sock = connect(a.url, token, a.since)
    for frame in a.send:
        send_frame(sock, 0x1, frame.encode())
    seen = 0
    stream = messages(sock)
    try:
        while a.count is None or seen < a.count:
            text = next(stream)
            seen += 1
            if a.json:
                print(text, flush=True)
            else:
                e = json.loads(text)
                print("%8s %-13s %s" % (e.get("seq"), e.get("type"), summary(e)), flush=True)
    except StopIteration as end:
        print("closed by the agent: %s %s" % end.value, file=sys.stderr)
    except (EOFError, KeyboardInterrupt):
        pass


if __name__ == "__main__":
    main()
