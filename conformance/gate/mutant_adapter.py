#!/usr/bin/python3
"""Broken (and one stricter) implementations, to show the conformance gate has teeth.

  mutant_adapter.py NAME <inner adapter argv...>   e.g. mutant_adapter.py never-acks e2eproof adapter
  mutant_adapter.py --list                         the mutants, one line each

Each mutant speaks the adapter protocol (docs/ADAPTER.md) by forwarding every
request to a real adapter and rewriting lines between the engine and it, or,
where a bug lives in the crypto, by re-implementing that piece with
python3-cryptography on keys read from the inner adapter's exported state (the
JSON of e2eproof-client-state/1). The mutants themselves are in mutants.py,
one registered class each, whose docstring says which bug of a real client it
models and which item must catch it; check_gate.py runs them.

This module is the framework: the line pump (`Mutant.run`), the hooks a
mutant overrides, and the shared helpers (the inner process, frames,
base64url, state export/import and restarts).
"""

import base64
import binascii
import hashlib
import io
import json
import subprocess
import sys

# Our own requests to the inner adapter use ids the engine never reaches.
OWN_IDS = 1 << 50

REGISTRY = {}


def register(name):
    """register(name) is a class decorator adding a Mutant subclass under |name|."""
    def add(cls):
        cls.NAME = name
        REGISTRY[name] = cls
        return cls
    return add


def b64url_decode(text):
    """b64url_decode decodes unpadded base64url; raises ValueError on anything else."""
    if not isinstance(text, str):
        raise ValueError("not a string")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, UnicodeEncodeError) as e:
        raise ValueError(str(e))


def b64url_encode(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def dump(msg):
    return json.dumps(msg, separators=(",", ":"))


def frame_of(b64):
    """frame_of returns the wire frame (a dict) inside a bytes_b64 value, or None
    for anything else (not a string, not base64url, not a JSON object)."""
    if not isinstance(b64, str):
        return None
    try:
        frame = json.loads(b64url_decode(b64))
    except (ValueError, UnicodeDecodeError):
        return None
    return frame if isinstance(frame, dict) else None


def frame_b64(frame):
    """frame_b64 serializes a frame back into a bytes_b64 value."""
    return b64url_encode(dump(frame).encode("utf-8"))


class InnerDied(Exception):
    pass


class Inner:
    """One inner adapter process."""

    def __init__(self, argv):
        # surrogateescape: a line that is not UTF-8 reaches the inner adapter byte for byte.
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=1,
                                     encoding="utf-8", errors="surrogateescape")
        self.next_id = OWN_IDS

    def exchange(self, line):
        """exchange sends one line and returns every message up to and including
        its response (the first line that is not an event: one request at a
        time). Raises InnerDied when the inner adapter exits first."""
        try:
            self.proc.stdin.write(line + "\n")
            self.proc.stdin.flush()
        except OSError:
            raise InnerDied(f"the inner adapter exited ({self.proc.wait()})")
        out = []
        while True:
            text = self.proc.stdout.readline()
            if not text:
                raise InnerDied(f"the inner adapter exited ({self.proc.wait()})")
            msg = json.loads(text)
            out.append(msg)
            if "event" not in msg:
                return out

    def call(self, method, params):
        """call makes a request of our own; its events are dropped. Exits the
        mutant when the inner adapter refuses it (a mutant bug, not a test result)."""
        self.next_id += 1
        msgs = self.exchange(dump({"id": self.next_id, "method": method, "params": params}))
        resp = msgs[-1]
        if "error" in resp:
            sys.exit(f"mutant_adapter: inner {method} failed: {resp['error']}")
        return resp["result"]

    def stop(self):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        self.proc.wait()


class Mutant:
    """The base class forwards everything unchanged; a mutant overrides hooks.

    Per request (a dict `req`, or None for a line that is not a JSON object):
      on_request(req, line)  -> a line to forward, or a dict (the response to
                                give without asking the inner adapter), or
                                None (give no answer at all)
      on_event(req, event)   -> the list of events to write instead
      on_response(req, resp) -> the response to write
      after(req, resp)       -> runs once the response is out
      emit(req, events, resp) writes them (events first: the completion rule)
    on_end_of_input() returns the exit code on end of input.
    """

    NAME = "base"

    def __init__(self, argv):
        self.argv = argv
        self.inner = Inner(argv)
        self.hello = None          # the engine's hello params
        self.hello_result = None   # the inner adapter's hello result
        self.clock = None          # the last set_clock params
        self.lives = 0

    # ---- hooks -------------------------------------------------------------
    def on_request(self, req, line):
        return line

    def on_event(self, req, event):
        return [event]

    def on_response(self, req, resp):
        return resp

    def after(self, req, resp):
        pass

    def emit(self, req, events, resp):
        for e in events:
            self.write(e)
        self.write(resp)

    def on_end_of_input(self):
        return 0

    # ---- helpers -----------------------------------------------------------
    @staticmethod
    def write(msg):
        sys.stdout.write(dump(msg) + "\n")
        sys.stdout.flush()

    def preset(self):
        return self.state().get("preset")

    def state(self):
        """state returns the inner adapter's exported state document (a dict)."""
        return json.loads(b64url_decode(self.inner.call("export_state", {})["state_b64"]))

    def chat_key(self, chat):
        """chat_key returns the room/chat key of |chat| (arthas, eleven) or None."""
        for c in self.state().get("chats", []):
            if c.get("id") == chat and isinstance(c.get("key"), str):
                return b64url_decode(c["key"])
        return None

    def content_key(self, chat):
        """content_key returns the key the messages of |chat| are sealed under as
        this client holds it: the chat key, or the newest hardened epoch key; None
        when it holds none."""
        for c in self.state().get("chats", []):
            if c.get("id") != chat:
                continue
            if isinstance(c.get("key"), str):
                return b64url_decode(c["key"])
            keys = c.get("hardened", {}).get("epoch_keys", []) if isinstance(c.get("hardened"), dict) else []
            if keys:
                return b64url_decode(max(keys, key=lambda e: e["epoch"])["key"])
        return None

    def restart_with(self, doc):
        """restart_with replaces the inner adapter by a new process running |doc|
        (a state document), as the engine's restart does: hello with a fresh
        seed, the last clock, import_state."""
        self.inner.stop()
        self.lives += 1
        self.inner = Inner(self.argv)
        again = dict(self.hello)
        digest = hashlib.sha256(f"{self.hello.get('seed', '1')}/mutant/{self.lives}".encode()).digest()
        again["seed"] = str(int.from_bytes(digest[:8], "big"))
        self.inner.call("hello", again)
        if self.clock is not None:
            self.inner.call("set_clock", self.clock)
        self.inner.call("import_state", {"state_b64": b64url_encode(dump(doc).encode("utf-8"))})

    # ---- the pump ----------------------------------------------------------
    def handle(self, line):
        try:
            req = json.loads(line)
        except ValueError:
            req = None
        if not isinstance(req, dict):
            req = None
        method = req.get("method") if req else None
        params = req.get("params") if req and isinstance(req.get("params"), dict) else {}
        if method == "hello":
            self.hello = dict(params)
        if method == "set_clock":
            self.clock = params
        todo = self.on_request(req, line)
        if todo is None:
            return method
        if isinstance(todo, dict):
            events, resp = [], todo
        else:
            msgs = self.inner.exchange(todo)
            events, resp = msgs[:-1], msgs[-1]
        if method == "hello" and "result" in resp:
            self.hello_result = resp["result"]
        out = []
        for e in events:
            out.extend(self.on_event(req, e))
        resp = self.on_response(req, resp)
        self.emit(req, out, resp)
        self.after(req, resp)
        return method

    def run(self):
        lines = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="surrogateescape")
        try:
            for line in lines:
                if self.handle(line.rstrip("\n")) == "shutdown":
                    self.inner.stop()
                    return 0
        except InnerDied as e:
            sys.exit(f"mutant_adapter[{self.NAME}]: {e}")
        self.inner.stop()
        return self.on_end_of_input()


def main(argv):
    # The mutants register into the importable copy of this module, not __main__.
    import mutants
    registry = mutants.REGISTRY
    if argv[:1] == ["--list"]:
        for name, cls in sorted(registry.items()):
            print(f"{name}: {cls.__doc__.strip().splitlines()[0]}")
        return 0
    if len(argv) < 2 or argv[0] not in registry:
        print(__doc__, file=sys.stderr)
        print("mutants: " + ", ".join(sorted(registry)), file=sys.stderr)
        return 2
    return registry[argv[0]](argv[1:]).run()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
