"""Direct probes: each mutant of mutants.py, driven with JSON lines, shows its bug.

These do not judge an implementation (the engine's items do that); they check
that each mutant really misbehaves the way its docstring says, against a
reference adapter that does not, so a gate case that fails to catch a mutant
means a weak item, never a mutant that drifted into correctness. The relay's
frames are built here (arthas bodies sealed with python3-cryptography).

probe(name, inner_argv) returns None when the mutant shows its bug, else what
it did instead.
"""

import json
import os
import select
import subprocess
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from mutant_adapter import b64url_decode, b64url_encode, dump, frame_b64, frame_of

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT_S = 10


class Session:
    """One adapter process (a mutant or the plain inner adapter) and its lines."""

    def __init__(self, argv):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True, bufsize=1)
        self.next_id = 0
        self.pending = b""  # read from stdout's descriptor ourselves: select() sees no buffer

    def line(self, text):
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def read(self, timeout=TIMEOUT_S):
        """read returns the next output message, or None after |timeout| seconds."""
        fd = self.proc.stdout.fileno()
        while b"\n" not in self.pending:
            ready, _, _ = select.select([fd], [], [], timeout)
            chunk = os.read(fd, 1 << 16) if ready else b""
            if not chunk:
                return None
            self.pending += chunk
        text, self.pending = self.pending.split(b"\n", 1)
        return json.loads(text)

    def request(self, method, params=None):
        """request returns (events, response) of one request."""
        self.next_id += 1
        self.line(dump({"id": self.next_id, "method": method, "params": params or {}}))
        events = []
        while True:
            msg = self.read()
            if msg is None or "event" not in msg:
                return events, msg
            events.append(msg)

    def start(self, device="alice", preset="arthas", seed="7"):
        self.request("hello", {"protocol": "e2eproof-adapter", "versions": [{"major": 1, "minor_min": 0}],
                               "device": device, "seed": seed})
        self.request("set_clock", {"now_ms": 1})
        return self.request("create_device", {"device": device, "name": device.title(), "preset": preset})

    def close(self):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            return self.proc.wait(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()


def frames(events):
    return [frame_of(e["data"]["bytes_b64"]) for e in events if e.get("event") == "transmit"]


def kinds(events):
    return [e.get("event") for e in events]


def room(s, chat="g"):
    """room creates arthas room |chat| and returns its key (from the share code)."""
    s.request("register")
    s.request("create_chat", {"chat": chat})
    _, resp = s.request("share_code", {"chat": chat})
    return b64url_decode(resp["result"]["code"].split(":", 1)[1])


def deliver(s, item_id, body, chat="g", sender="bob"):
    frame = {"v": 1, "t": "deliver", "id": item_id, "chat": chat, "from": sender, "ts": 1,
             "kind": "msg", "body": body}
    return s.request("deliver", {"bytes_b64": frame_b64(frame)})


def sealed_body(key, text, iv=b"\x01" * 12):
    return {"iv": b64url_encode(iv), "ciphertext": b64url_encode(AESGCM(key).encrypt(iv, text, b""))}


def shown(events):
    return [b64url_decode(e["data"]["plaintext_b64"]) for e in events if e.get("event") == "message"]


# ---- one probe per mutant: returns None when the bug shows ------------------

def p_forged_tags(s):
    key = room(s)
    body = sealed_body(key, b"forged")
    ct = bytearray(b64url_decode(body["ciphertext"]))
    ct[-1] ^= 1
    body["ciphertext"] = b64url_encode(bytes(ct))
    ev, _ = deliver(s, 1, body)
    return None if shown(ev) == [b"forged"] else f"a bad tag gave {kinds(ev)}"


def p_no_signature_check(s):
    key = room(s)
    body = sealed_body(key, b"signed by nobody")
    body["sig"] = b64url_encode(Ed25519PrivateKey.generate().sign(b"something else"))
    ev, _ = deliver(s, 1, body)
    lookup = next((f for f in frames(ev) if f.get("t") == "lookup"), None)
    if lookup is None:
        return f"no lookup for the signer: {kinds(ev)}"
    dh = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    sig = Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    keys = {"v": 1, "t": "keys", "rid": lookup["rid"], "missing": [],
            "entries": [{"device": "bob", "name": "Bob", "dh": b64url_encode(dh), "sig": b64url_encode(sig)}]}
    ev, _ = s.request("deliver", {"bytes_b64": frame_b64(keys)})
    return None if shown(ev) == [b"signed by nobody"] else f"a bad signature gave {kinds(ev)}"


def p_zero_key(s):
    key = room(s)
    return None if key == bytes(32) else "the room key is not zero"


def p_key_in_body(s):
    key = room(s)
    ev, _ = s.request("send", {"chat": "g", "plaintext_b64": b64url_encode(b"hi")})
    sends = [f for f in frames(ev) if f.get("t") == "send"]
    return None if sends and sends[0]["body"].get("key") == b64url_encode(key) else f"send frames {sends}"


def p_never_acks(s):
    key = room(s)
    ev, _ = deliver(s, 1, sealed_body(key, b"x"))
    acks = [f for f in frames(ev) if f.get("t") == "ack"]
    return None if shown(ev) == [b"x"] and not acks else f"acks {acks}, events {kinds(ev)}"


def p_no_duplicate_event(s):
    key = room(s)
    deliver(s, 1, sealed_body(key, b"x"))
    ev, _ = deliver(s, 1, sealed_body(key, b"x"))
    return None if "duplicate" not in kinds(ev) else f"events {kinds(ev)}"


def p_forgets_processed_ids(s, argv):
    key = room(s)
    deliver(s, 1, sealed_body(key, b"x"))
    _, saved = s.request("export_state")
    s.request("shutdown")
    s.close()
    again = Session(argv)
    try:
        again.request("hello", {"protocol": "e2eproof-adapter", "versions": [{"major": 1, "minor_min": 0}],
                                "device": "alice", "seed": "8"})
        again.request("import_state", {"state_b64": saved["result"]["state_b64"]})
        ev, _ = deliver(again, 1, sealed_body(key, b"x"))
    finally:
        again.close()
    return None if shown(ev) == [b"x"] else f"after a restart the same id gave {kinds(ev)}"


def p_ignores_bad_lines(s):
    s.line("this is not json")
    msg = s.read(timeout=2)
    return None if msg is None else f"answered {msg}"


def p_unknown_method_empty(s):
    _, resp = s.request("no_such_method")
    return None if resp == {"id": s.next_id, "result": {}} else f"answered {resp}"


def p_lax_params(s):
    room(s)
    _, resp = s.request("send", {"chat": "g", "plaintext_b64": b64url_encode(b"hi"), "colour": "red"})
    return None if resp and "result" in resp else f"answered {resp}"


def p_clock_unsupported(s):
    _, hello = s.request("hello", {"protocol": "e2eproof-adapter", "versions": [{"major": 1, "minor_min": 0}],
                                   "device": "alice", "seed": "7"})
    _, resp = s.request("set_clock", {"now_ms": 5})
    declared = "clock" in hello["result"]["capabilities"]["hooks"]
    return None if declared and resp["error"]["code"] == "unsupported" else f"hello {hello}, set_clock {resp}"


def p_padded_base64(s):
    room(s)
    for text in (b"a", b"ab", b"abc"):
        ev, _ = s.request("send", {"chat": "g", "plaintext_b64": b64url_encode(text)})
        if any(e["data"]["bytes_b64"].endswith("=") for e in ev if e.get("event") == "transmit"):
            return None
    return "no padded value in any event"


def p_late_events(s):
    s.request("hello", {"protocol": "e2eproof-adapter", "versions": [{"major": 1, "minor_min": 0}],
                        "device": "alice", "seed": "7"})
    s.request("create_device", {"device": "alice", "name": "Alice", "preset": "arthas"})
    ev, resp = s.request("register")
    late = s.read(timeout=2)
    return None if not ev and late and late.get("event") == "transmit" else f"events {kinds(ev)}, then {late}"


def p_exit1_on_eof(s):
    s.request("hello", {"protocol": "e2eproof-adapter", "versions": [{"major": 1, "minor_min": 0}],
                        "device": "alice", "seed": "7"})
    code = s.close()
    return None if code == 1 else f"exit {code} on end of input"


def p_plaintext_cmid(s):
    room(s)
    ev, _ = s.request("send", {"chat": "g", "plaintext_b64": b64url_encode(b"meet-at-noon")})
    sends = [f for f in frames(ev) if f.get("t") == "send"]
    return None if sends and b64url_encode(b"meet-at-noon") in sends[0]["cmid"] else f"send frames {sends}"


def p_state_as_internal(s):
    s.request("hello", {"protocol": "e2eproof-adapter", "versions": [{"major": 1, "minor_min": 0}],
                        "device": "alice", "seed": "7"})
    _, resp = s.request("create_chat", {"chat": "g"})
    return None if resp.get("error", {}).get("code") == "internal" else f"answered {resp}"


def p_replay_guard(s):
    key = room(s)
    body = sealed_body(key, b"once")
    first, _ = deliver(s, 1, body)
    again, _ = deliver(s, 2, body)
    refused = [e["data"]["reason"] for e in again if e.get("event") == "rejected"]
    return None if shown(first) == [b"once"] and refused == ["replay"] and not shown(again) \
        else f"first {kinds(first)}, replay {kinds(again)}"


PROBES = {name[2:].replace("_", "-"): fn for name, fn in globals().items() if name.startswith("p_")}
NO_DEVICE = {"clock-unsupported", "late-events", "exit1-on-eof", "state-as-internal"}


def run_probe(name, argv):
    """run_probe runs probe |name| on the adapter |argv|; None when the bug shows."""
    s = Session(argv)
    try:
        if name not in NO_DEVICE:
            s.start()
        fn = PROBES[name]
        if name == "forgets-processed-ids":
            return fn(s, argv)
        return fn(s)
    except (TypeError, KeyError, AttributeError, ValueError, BrokenPipeError) as e:
        return f"probe broke: {type(e).__name__}: {e}"
    finally:
        s.close()


def probe(name, inner_argv):
    """probe checks that mutant |name| shows its bug and the plain |inner_argv|
    does not; returns None, or a problem."""
    mutant = [sys.executable, os.path.join(HERE, "mutant_adapter.py"), name, *inner_argv]
    bug = run_probe(name, mutant)
    if bug is not None:
        return f"mutant {name} does not show its bug: {bug}"
    if run_probe(name, inner_argv) is None:
        return f"probe {name} also fires on the plain adapter (the probe is wrong)"
    return None
