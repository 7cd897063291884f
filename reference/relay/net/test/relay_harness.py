"""Real-process harness for the relay tests: start `e2eproof relay` and
`e2eproof chat` processes on loopback, read their JSON-lines output, and speak
raw WebSocket (stdlib only) for the bad-input and load tests."""
import base64
import json
import os
import queue
import re
import signal
import socket
import ssl
import struct
import subprocess
import threading
import time

E2EPROOF = os.environ.get("E2EPROOF", "e2eproof")


class Relay:
    """One `e2eproof relay` process; .port is parsed from its `listening` line."""

    def __init__(self, workdir, store="memory", port=0, extra=()):
        self.workdir = workdir
        self.args = [E2EPROOF, "relay", "--listen", f"127.0.0.1:{port}", "--store", store, *extra]
        self.proc = subprocess.Popen(self.args, cwd=workdir, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.log = []
        self.port = None
        deadline = time.time() + 30
        while time.time() < deadline:
            line = self.proc.stderr.readline()
            if not line:
                break
            self.log.append(line)
            m = re.match(r"listening 127\.0\.0\.1:(\d+)", line)
            if m:
                self.port = int(m.group(1))
                break
        if self.port is None:
            self.proc.kill()
            raise RuntimeError("relay did not start: " + "".join(self.log))
        self._drain = threading.Thread(target=self._read_rest, daemon=True)
        self._drain.start()

    def _read_rest(self):
        for line in self.proc.stderr:
            self.log.append(line)

    @property
    def url(self):
        return f"ws://127.0.0.1:{self.port}"

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def terminate(self, timeout=20):
        self.proc.send_signal(signal.SIGTERM)
        rc = self.proc.wait(timeout=timeout)
        self._drain.join(timeout=5)
        return rc

    def stats(self):
        for line in reversed(self.log):
            if line.startswith("stats "):
                return json.loads(line[6:])
        return None


class Chat:
    """One `e2eproof chat` process; events are collected on a reader thread."""

    def __init__(self, url, device, preset, workdir, extra=()):
        self.device = device
        self.proc = subprocess.Popen(
            [E2EPROOF, "chat", "--connect", url, "--device", device, "--name", device.capitalize(),
             "--preset", preset, "--state", os.path.join(workdir, device + ".state"), *extra],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            bufsize=1)
        self.events = []
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            ev = json.loads(line)
            ev["_t"] = time.monotonic()
            with self.cond:
                self.events.append(ev)
                self.cond.notify_all()

    def cmd(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def wait(self, pred, timeout=30, what="event"):
        """Waits until pred(events) is truthy and returns its value."""
        deadline = time.time() + timeout
        with self.cond:
            while True:
                v = pred(self.events)
                if v:
                    return v
                left = deadline - time.time()
                if left <= 0:
                    raise AssertionError(f"{self.device}: timed out waiting for {what}; last events: "
                                         f"{self.events[-5:]}")
                self.cond.wait(left)

    def wait_event(self, name, timeout=30, **data):
        def pred(evs):
            for e in evs:
                if e["event"] == name and all(e.get("data", {}).get(k) == v for k, v in data.items()):
                    return e
            return None
        return self.wait(pred, timeout, f"{name} {data}")

    def ok(self, cmd, timeout=30):
        """Runs one command and returns its ok event (fails on an error event)."""
        n = len(self.events)
        self.cmd(cmd)
        name = cmd.split()[0]

        def pred(evs):
            for e in evs[n:]:
                if e["data"].get("cmd") == name and e["event"] in ("ok", "error"):
                    return e
            return None
        e = self.wait(pred, timeout, f"reply to {name}")
        assert e["event"] == "ok", e
        return e

    def texts(self, chat=None):
        out = []
        with self.cond:
            for e in self.events:
                if e["event"] == "message" and (chat is None or e["data"]["chat"] == chat):
                    out.append((e["data"]["sender"],
                                base64.urlsafe_b64decode(e["data"]["plaintext_b64"] + "==").decode()))
        return out

    def close(self):
        try:
            self.cmd("quit")
            self.proc.stdin.close()
        except (BrokenPipeError, ValueError):
            pass
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for f in (self.proc.stdout, self.proc.stderr):
            try:
                f.close()
            except (OSError, ValueError):
                pass


def open_chat(preset, admin, others, chat="g"):
    """Sets up |chat| with |admin| and |others| in the preset's own way."""
    for c in (admin, *others):  # every member must be known to the relay first
        c.wait_event("registered")
    admin.ok(f"create {chat}")
    if preset == "arthas":
        code = admin.ok(f"code {chat}")["data"]["code"]
        for o in others:
            o.ok(f"join {code}")
            # "ok" is the chat process accepting the command; the join lands
            # when the relay's roster notice comes back. Until then a message
            # sent on another connection can reach the relay first and miss
            # the joiner.
            o.wait(lambda evs, d=o.device: any(
                e["event"] == "roster_changed" and e["data"].get("device") == d for e in evs),
                what=f"roster add of {o.device}")
    else:
        for o in others:
            admin.ok(f"add {chat} {o.device}")
            # hardened allows one roster change in flight: wait for it to land.
            admin.wait(lambda evs, d=o.device: any(
                e["event"] == "roster_changed" and e["data"].get("device") == d for e in evs),
                what=f"roster add of {o.device}")


# ---- raw WebSocket (RFC 6455 client side, masked frames) -------------------

class RawWs:
    def __init__(self, port, device=None, target=None, tls=False, timeout=10, rcvbuf=None):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        s.settimeout(timeout)
        s.connect(("127.0.0.1", port))
        if tls:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            s = ctx.wrap_socket(s, server_hostname="localhost")
        self.sock = s
        target = target or f"/v1?device={device}"
        key = base64.b64encode(os.urandom(16)).decode()
        req = (f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
               f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        s.sendall(req.encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            chunk = s.recv(4096)
            if not chunk:
                break
            self.buf += chunk
        head, _, self.buf = self.buf.partition(b"\r\n\r\n")
        self.status = int(head.split(b" ")[1]) if head else 0
        self.close_code = None
        self.close_reason = None
        self.send_lock = threading.Lock()

    def send(self, payload, opcode=1):
        if isinstance(payload, str):
            payload = payload.encode()
        mask = os.urandom(4)
        n = len(payload)
        if n < 126:
            hdr = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
        elif n < 65536:
            hdr = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
        else:
            hdr = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload)) if n < 4096 else \
            _mask_fast(payload, mask)
        with self.send_lock:
            self.sock.sendall(hdr + mask + masked)

    def _need(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buf += chunk

    def recv(self):
        """Returns the next text/binary message (str), or None after a close frame."""
        msg = b""
        while True:
            self._need(2)
            b0, b1 = self.buf[0], self.buf[1]
            n, off = b1 & 0x7F, 2
            if n == 126:
                self._need(4)
                n, off = struct.unpack("!H", self.buf[2:4])[0], 4
            elif n == 127:
                self._need(10)
                n, off = struct.unpack("!Q", self.buf[2:10])[0], 10
            self._need(off + n)
            payload, self.buf = self.buf[off:off + n], self.buf[off + n:]
            op = b0 & 0x0F
            if op == 8:
                if len(payload) >= 2:
                    self.close_code = struct.unpack("!H", payload[:2])[0]
                    self.close_reason = payload[2:].decode(errors="replace")
                try:
                    self.send(payload[:2], opcode=8)
                except OSError:
                    pass
                return None
            if op == 9:
                self.send(payload, opcode=10)
                continue
            if op == 10:
                continue
            msg += payload
            if b0 & 0x80:
                return msg.decode()

    def recv_json(self):
        m = self.recv()
        return None if m is None else json.loads(m)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def _mask_fast(payload, mask):
    n = len(payload)
    m = int.from_bytes((mask * (n // 4 + 1))[:n], "big")
    return (int.from_bytes(payload, "big") ^ m).to_bytes(n, "big")
