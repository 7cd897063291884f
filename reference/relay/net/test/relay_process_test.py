"""Real processes on loopback (CTest label `relay`): `e2eproof relay` and
`e2eproof chat`. Usage: relay_process_test.py E2EPROOF [unittest args...]
Message counts come from the environment so CI (and ASan) can scale them:
E2E_RELAY_CRASH_MESSAGES (default 1000), E2E_RELAY_LOAD_CLIENTS (8),
E2E_RELAY_LOAD_MESSAGES (100)."""
import base64
import json
import os
import random
import socket
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import relay_harness as h  # noqa: E402


def texts_of(chat, sender=None):
    return [t for s, t in chat.texts("g") if sender is None or s == sender]


class ChatPresets(unittest.TestCase):
    """Three chat processes talk through one relay process, in every preset."""

    def run_preset(self, preset):
        with tempfile.TemporaryDirectory() as d:
            relay = h.Relay(d, extra=["--preset", preset])
            chats = [h.Chat(relay.url, n, preset, d) for n in ("alice", "bob", "carol")]
            try:
                alice, bob, carol = chats
                h.open_chat(preset, alice, [bob, carol])
                alice.ok("send g hello from alice")
                for c in (bob, carol):
                    c.wait(lambda e, c=c: ("alice", "hello from alice") in c.texts("g"), what="alice's text")
                bob.ok("send g hi from bob")
                carol.ok("send g hi from carol")
                for c, want in ((alice, {"bob", "carol"}), (bob, {"carol"}), (carol, {"bob"})):
                    c.wait(lambda e, c=c, want=want: want <= {s for s, _ in c.texts("g")},
                           what=f"texts from {want}")
                self.assertEqual(sorted(alice.texts("g")),
                                 [("bob", "hi from bob"), ("carol", "hi from carol")])
            finally:
                for c in chats:
                    c.close()
                self.assertEqual(relay.terminate(), 0)

    def test_arthas(self):
        self.run_preset("arthas")

    def test_eleven(self):
        self.run_preset("eleven")

    def test_hardened(self):
        self.run_preset("hardened")

    def test_restarted_chat_process_continues(self):
        """bob's process ends and a new one starts from the state file (0600)."""
        with tempfile.TemporaryDirectory() as d:
            relay = h.Relay(d)
            alice = h.Chat(relay.url, "alice", "eleven", d)
            bob = h.Chat(relay.url, "bob", "eleven", d)
            try:
                h.open_chat("eleven", alice, [bob])
                alice.ok("send g before")
                bob.wait(lambda e: ("alice", "before") in bob.texts("g"), what="before")
                bob.close()
                self.assertEqual(os.stat(os.path.join(d, "bob.state")).st_mode & 0o777, 0o600)
                alice.ok("send g while away")
                bob = h.Chat(relay.url, "bob", "eleven", d)
                bob.wait(lambda e: ("alice", "while away") in bob.texts("g"), what="queued text")
                bob.ok("send g back again")
                alice.wait(lambda e: ("bob", "back again") in alice.texts("g"), what="bob's text")
            finally:
                alice.close()
                bob.close()
                self.assertEqual(relay.terminate(), 0)


class Crash(unittest.TestCase):
    """SIGKILL the relay (SQLite store) mid-stream and restart it: every
    message the relay acknowledged reaches the recipient exactly once."""

    def test_sigkill_mid_stream(self):
        n = int(os.environ.get("E2E_RELAY_CRASH_MESSAGES", "1000"))
        with tempfile.TemporaryDirectory() as d:
            db = "sqlite:" + os.path.join(d, "relay.db")
            relay = h.Relay(d, store=db)
            port = relay.port
            alice = h.Chat(relay.url, "alice", "eleven", d)
            bob = h.Chat(relay.url, "bob", "eleven", d)
            try:
                h.open_chat("eleven", alice, [bob])
                alice.ok("send g warmup")
                bob.wait(lambda e: ("alice", "warmup") in bob.texts("g"), what="warmup")
                cmid_of = {}
                kill_at = n // 3
                for i in range(n):
                    alice.cmd(f"send g m{i}")
                # Kill once a third has been acknowledged, i.e. mid-stream.
                alice.wait(lambda e: sum(1 for x in e if x["event"] == "sent") >= kill_at, timeout=120,
                           what=f"{kill_at} acks")
                acked_at_kill = sum(1 for x in alice.events if x["event"] == "sent")
                relay.kill()
                killed_log = relay.log
                relay = h.Relay(d, store=db, port=port)
                # Every send gets acknowledged eventually (clients retry on reconnect).
                def all_ok(evs):
                    oks = [e for e in evs if e["event"] == "ok" and e["data"].get("cmd") == "send"]
                    return len(oks) >= n + 1 and oks
                oks = alice.wait(all_ok, timeout=120, what="all send commands")
                for e in oks[1:]:
                    cmid_of[e["data"]["cmid"]] = None
                text_of = {}
                for i, e in enumerate(oks[1:]):
                    text_of[e["data"]["cmid"]] = f"m{i}"
                acked = lambda evs: {e["data"]["cmid"] for e in evs if e["event"] == "sent"}
                alice.wait(lambda e: set(text_of) <= acked(e), timeout=180, what="all acks")
                want = {text_of[c] for c in acked(alice.events) if c in text_of}
                got_list = [t for s, t in bob.texts("g") if s == "alice" and t != "warmup"]
                deadline = time.time() + 120
                while not want <= set(got_list) and time.time() < deadline:
                    bob.cmd("fetch")
                    time.sleep(1)
                    got_list = [t for s, t in bob.texts("g") if s == "alice" and t != "warmup"]
                time.sleep(1)  # let any duplicate show up
                got_list = [t for s, t in bob.texts("g") if s == "alice" and t != "warmup"]
                lost = len(want - set(got_list))
                duplicated = len(got_list) - len(set(got_list))
                print(f"\ncrash test: sent={n} acknowledged={len(want)} delivered={len(set(got_list))} "
                      f"lost={lost} duplicated={duplicated} (relay SIGKILLed after "
                      f"{acked_at_kill} acks)", flush=True)
                self.assertGreaterEqual(len(want), 1000 if n >= 1000 else n)
                self.assertEqual(lost, 0)
                self.assertEqual(duplicated, 0)
                self.assertTrue(any(l.startswith("listening") for l in killed_log))
            finally:
                alice.close()
                bob.close()
                self.assertEqual(relay.terminate(), 0)


class MemoryStore(unittest.TestCase):
    """With --store memory the relay writes no message bytes to disk."""

    def test_no_message_bytes_on_disk(self):
        with tempfile.TemporaryDirectory() as d:
            relay_dir = os.path.join(d, "relay")
            chat_dir = os.path.join(d, "chat")
            os.mkdir(relay_dir)
            os.mkdir(chat_dir)
            relay = h.Relay(relay_dir, store="memory")
            alice = h.Chat(relay.url, "alice", "eleven", chat_dir)
            bob = h.Chat(relay.url, "bob", "eleven", chat_dir)
            canaries = [f"CANARY-{random.getrandbits(64):016x}-{i}" for i in range(20)]
            try:
                h.open_chat("eleven", alice, [bob])
                for c in canaries:
                    alice.ok("send g " + c)
                bob.wait(lambda e: len(texts_of(bob, "alice")) >= len(canaries), what="canaries")
                # Also leave some undelivered: bob goes away, alice keeps sending.
                bob.close()
                for c in canaries[:5]:
                    alice.ok("send g late-" + c)
                time.sleep(0.5)
            finally:
                alice.close()
                bob.close()
                self.assertEqual(relay.terminate(), 0)
            needles = [c.encode() for c in canaries]
            needles += [base64.urlsafe_b64encode(c.encode()).rstrip(b"=") for c in canaries]
            written = []
            for root, _, files in os.walk(relay_dir):
                for f in files:
                    p = os.path.join(root, f)
                    written.append(p)
                    data = open(p, "rb").read()
                    for nd in needles:
                        self.assertNotIn(nd, data, p)
            print(f"\nmemory store: relay wrote {len(written)} files in its working directory; "
                  f"0 canaries found", flush=True)
            self.assertEqual(written, [])


class BadInput(unittest.TestCase):
    """Hostile input gets an error frame or a clean close; others keep being served."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.relay = h.Relay(self.dir.name, extra=["--max-frame", "65536",
                                                   "--handshake-timeout-ms", "1000"])

    def tearDown(self):
        self.assertEqual(self.relay.terminate(), 0)
        self.dir.cleanup()

    def assert_still_serving(self):
        ws = h.RawWs(self.relay.port, "witness")
        ws.send(json.dumps({"v": 1, "t": "fetch", "rid": 9}))
        reply = ws.recv_json()
        self.assertEqual(reply, {"v": 1, "t": "ok", "rid": 9})
        ws.close()

    def error_for(self, payload, opcode=1):
        ws = h.RawWs(self.relay.port, "mallory")
        self.assertEqual(ws.status, 101)
        ws.send(payload, opcode)
        reply = ws.recv_json()
        ws.close()
        self.assertEqual(reply["t"], "error", reply)
        return reply["code"]

    def test_invalid_json(self):
        self.assertEqual(self.error_for("{not json"), "E2E_ERR_DECODE")
        self.assert_still_serving()

    def test_wrong_types(self):
        self.assertEqual(self.error_for(json.dumps({"v": 1, "t": "fetch", "rid": "x"})), "E2E_ERR_DECODE")
        self.assertEqual(self.error_for(json.dumps([1, 2])), "E2E_ERR_DECODE")
        self.assert_still_serving()

    def test_unknown_version(self):
        self.assertEqual(self.error_for(json.dumps({"v": 2, "t": "fetch", "rid": 1})),
                         "E2E_ERR_UNSUPPORTED")
        self.assert_still_serving()

    def test_random_bytes(self):
        rnd = random.Random(7)
        for _ in range(5):
            code = self.error_for(bytes(rnd.getrandbits(8) for _ in range(200)), opcode=2)
            self.assertEqual(code, "E2E_ERR_DECODE")
        self.assert_still_serving()

    def test_oversized_frame_is_closed_1009(self):
        ws = h.RawWs(self.relay.port, "mallory")
        ws.send("x" * 70000)
        self.assertIsNone(ws.recv())
        self.assertEqual(ws.close_code, 1009)
        ws.close()
        self.assert_still_serving()

    def test_bad_device_gets_http_400(self):
        for target in ("/v1?device=a%20b", "/", "/v1?device=" + "a" * 65):
            ws = h.RawWs(self.relay.port, target=target)
            self.assertEqual(ws.status, 400, target)
            ws.close()
        self.assert_still_serving()

    def test_garbage_instead_of_http(self):
        s = socket.create_connection(("127.0.0.1", self.relay.port), timeout=10)
        s.sendall(os.urandom(512) + b"\r\n\r\n")
        s.settimeout(10)
        try:
            while s.recv(4096):
                pass
        except ConnectionResetError:
            pass
        s.close()
        self.assert_still_serving()

    def test_rate_limit_is_a_typed_error(self):
        self.relay.terminate()
        self.relay = h.Relay(self.dir.name, extra=["--rate", "1", "--rate-window-ms", "10000"])
        ws = h.RawWs(self.relay.port, "rl")
        ws.send(json.dumps({"v": 1, "t": "join", "rid": 1, "chat": "room"}))
        frames = [ws.recv_json(), ws.recv_json()]  # the create notice, then ok
        self.assertEqual(frames[-1]["t"], "ok", frames)
        codes = []
        for i in range(3):
            ws.send(json.dumps({"v": 1, "t": "send", "rid": 10 + i, "chat": "room", "cmid": f"c{i}",
                                "body": {"x": i}}))
            while True:
                f = ws.recv_json()
                if f.get("rid") == 10 + i:
                    codes.append(f["t"] if f["t"] != "error" else f["code"])
                    break
        ws.close()
        self.assertEqual(codes, ["sent", "E2E_ERR_RATE_LIMITED", "E2E_ERR_RATE_LIMITED"])


class SlowConsumer(unittest.TestCase):
    """A device that never reads is disconnected with a reason once its send
    queue bound is hit; the relay keeps serving the sender."""

    def test_slow_consumer_is_disconnected(self):
        with tempfile.TemporaryDirectory() as d:
            relay = h.Relay(d, extra=["--queue-frames", "8", "--stats-interval-ms", "100"])
            try:
                slow = h.RawWs(relay.port, "slow", rcvbuf=4096)
                slow.send(json.dumps({"v": 1, "t": "join", "rid": 1, "chat": "room"}))
                while slow.recv_json()["t"] != "ok":
                    pass
                fast = h.RawWs(relay.port, "fast")
                fast.send(json.dumps({"v": 1, "t": "join", "rid": 1, "chat": "room"}))
                while fast.recv_json()["t"] != "ok":
                    pass
                sent = 0
                for i in range(200):
                    fast.send(json.dumps({"v": 1, "t": "send", "rid": 10 + i, "chat": "room",
                                          "cmid": f"c{i}", "body": {"pad": "A" * 60000}}))
                    while True:
                        f = fast.recv_json()
                        if f.get("rid") == 10 + i:
                            self.assertEqual(f["t"], "sent", f)
                            sent += 1
                            break
                    st = relay.stats()
                    if st and st["slow_consumers"] >= 1:
                        break
                    time.sleep(0.005)
                time.sleep(0.3)
                st = relay.stats()
                self.assertIsNotNone(st)
                self.assertEqual(st["slow_consumers"], 1, st)
                # The slow device finds its connection closed, with the reason
                # when the close frame could still be written.
                slow.sock.settimeout(10)
                try:
                    while slow.recv() is not None:
                        pass
                except (ConnectionError, OSError):
                    pass
                print(f"\nslow consumer: disconnected after {sent} sends; close code "
                      f"{slow.close_code} reason {slow.close_reason!r}", flush=True)
                if slow.close_code is not None:
                    self.assertEqual(slow.close_code, 1008)
                    self.assertIn("slow consumer", slow.close_reason)
                slow.close()
                fast.send(json.dumps({"v": 1, "t": "fetch", "rid": 999}))
                while True:
                    f = fast.recv_json()
                    if f.get("rid") == 999:
                        self.assertEqual(f["t"], "ok")
                        break
                fast.close()
            finally:
                self.assertEqual(relay.terminate(), 0)


class Tls(unittest.TestCase):
    """--self-signed serves TLS 1.3; a half-open handshake is dropped after
    the handshake timeout while other clients are served."""

    def test_self_signed_and_half_open_handshake(self):
        with tempfile.TemporaryDirectory() as d:
            cert = os.path.join(d, "cert.pem")
            relay = h.Relay(d, extra=["--self-signed", "--write-cert", cert,
                                      "--handshake-timeout-ms", "1000"])
            try:
                half = socket.create_connection(("127.0.0.1", relay.port), timeout=10)
                half.sendall(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03")  # a ClientHello's start
                start = time.time()
                ws = h.RawWs(relay.port, "alice", tls=True)
                self.assertEqual(ws.status, 101)
                self.assertEqual(ws.sock.version(), "TLSv1.3")
                ws.send(json.dumps({"v": 1, "t": "fetch", "rid": 1}))
                self.assertEqual(ws.recv_json(), {"v": 1, "t": "ok", "rid": 1})
                ws.close()
                half.settimeout(10)
                self.assertEqual(half.recv(100), b"")  # closed by the relay
                self.assertLess(time.time() - start, 8)
                half.close()
                # The chat client verifies the relay against the written certificate.
                alice = h.Chat(f"wss://127.0.0.1:{relay.port}", "alice", "arthas", d, extra=["--ca", cert])
                bob = h.Chat(f"wss://localhost:{relay.port}", "bob", "arthas", d, extra=["--ca", cert])
                try:
                    h.open_chat("arthas", alice, [bob])
                    alice.ok("send g over tls")
                    bob.wait(lambda e: ("alice", "over tls") in bob.texts("g"), what="tls text")
                finally:
                    alice.close()
                    bob.close()
            finally:
                self.assertEqual(relay.terminate(), 0)


class Load(unittest.TestCase):
    """K raw clients x M messages in one open chat; prints deliveries/s and
    p50/p99 delivery latency. Bounded: stops by itself."""

    def test_load(self):
        k = int(os.environ.get("E2E_RELAY_LOAD_CLIENTS", "8"))
        m = int(os.environ.get("E2E_RELAY_LOAD_MESSAGES", "100"))
        with tempfile.TemporaryDirectory() as d:
            relay = h.Relay(d)
            try:
                clients = [h.RawWs(relay.port, f"load{i}") for i in range(k)]
                for c in clients:  # one at a time, so every member is in before any send
                    c.send(json.dumps({"v": 1, "t": "join", "rid": 1, "chat": "load"}))
                    while c.recv_json()["t"] != "ok":
                        pass
                latencies = []
                lock = threading.Lock()
                want = m * (k - 1)

                def receiver(c):
                    got = 0
                    mine = []
                    ids = []
                    while got < want:
                        f = c.recv_json()
                        if f is None:
                            break
                        if f["t"] != "deliver" or f["kind"] != "msg":
                            continue
                        mine.append(time.perf_counter() - f["body"]["t0"])
                        ids.append(f["id"])
                        got += 1
                        if len(ids) >= 64:
                            c.send(json.dumps({"v": 1, "t": "ack", "rid": 3, "ids": ids}))
                            ids = []
                    with lock:
                        latencies.extend(mine)

                def sender(c, i):
                    for j in range(m):
                        c.send(json.dumps({"v": 1, "t": "send", "rid": 100 + j, "chat": "load",
                                           "cmid": f"c{i}-{j}", "body": {"t0": time.perf_counter()}}))

                rthreads = [threading.Thread(target=receiver, args=(c,)) for c in clients]
                for t in rthreads:
                    t.start()
                t0 = time.perf_counter()
                sthreads = [threading.Thread(target=sender, args=(c, i)) for i, c in enumerate(clients)]
                for t in sthreads:
                    t.start()
                for t in sthreads + rthreads:
                    t.join(timeout=120)
                elapsed = time.perf_counter() - t0
                for c in clients:
                    c.close()
                latencies.sort()
                total = len(latencies)
                p = lambda q: latencies[min(total - 1, int(q * total))] * 1000
                print(f"\nload test: {k} clients x {m} messages -> {total} deliveries in {elapsed:.2f}s: "
                      f"{total / elapsed:.0f} deliveries/s, p50 {p(0.5):.2f} ms, p99 {p(0.99):.2f} ms "
                      f"(Python clients on the same 2 cores)", flush=True)
                self.assertEqual(total, k * want)
            finally:
                self.assertEqual(relay.terminate(), 0)


if __name__ == "__main__":
    h.E2EPROOF = os.path.abspath(sys.argv[1])
    unittest.main(argv=[sys.argv[0]] + sys.argv[2:], verbosity=2)
