#!/usr/bin/python3
"""A deliberately broken implementation, to show the conformance gate has teeth.

  amnesiac_adapter.py <inner adapter argv...>     e.g. amnesiac_adapter.py e2eproof adapter

It speaks the adapter protocol (docs/ADAPTER.md) by forwarding every request
to a real adapter, so it declares what that adapter declares. But after each
`deliver` it forgets what its client has already seen: it exports the state,
clears the processed item ids and every replay window, and restarts the
inner adapter from the edited state. That is the bug of a client whose replay
protection lives only in memory, or is skipped: a hardened client that
accepts a replayed message. The pytest front door must fail on it
(attack/B01/hardened), while passing on the unmodified adapter.
"""

import base64
import json
import subprocess
import sys

# Our own requests to the inner adapter use ids the engine never reaches.
OWN_IDS = 1 << 50


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url_encode(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class Inner:
    def __init__(self, argv):
        self.argv = argv
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                     bufsize=1)
        self.next_id = OWN_IDS

    def send(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def exchange(self, request_id, line, forward):
        """Sends |line| and copies (forward=True) or drops every line up to the
        response to |request_id|; returns that response."""
        self.send(line)
        while True:
            out = self.proc.stdout.readline()
            if not out:
                sys.exit(f"amnesiac_adapter: the inner adapter exited ({self.proc.wait()})")
            msg = json.loads(out)
            if forward:
                sys.stdout.write(out)
                sys.stdout.flush()
            if "event" not in msg and msg.get("id") == request_id:
                return msg

    def call(self, method, params):
        self.next_id += 1
        msg = self.exchange(self.next_id, json.dumps({"id": self.next_id, "method": method,
                                                      "params": params}), forward=False)
        if "error" in msg:
            sys.exit(f"amnesiac_adapter: inner {method} failed: {msg['error']}")
        return msg["result"]

    def stop(self):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        self.proc.wait()


def forget(state_b64):
    doc = json.loads(b64url_decode(state_b64))
    doc["seen"] = []
    for chat in doc.get("chats", {}).values() if isinstance(doc.get("chats"), dict) else doc.get("chats", []):
        if isinstance(chat, dict) and isinstance(chat.get("hardened"), dict):
            chat["hardened"]["windows"] = []
    return b64url_encode(json.dumps(doc).encode("utf-8"))


def main():
    argv = sys.argv[1:]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    inner = Inner(argv)
    hello = None
    lives = 0
    clock = None
    for line in sys.stdin:
        line = line.rstrip("\n")
        try:
            req = json.loads(line)
        except ValueError:
            req = {}
        rid = req.get("id") if isinstance(req, dict) else None
        method = req.get("method") if isinstance(req, dict) else None
        params = req.get("params", {}) if isinstance(req, dict) else {}
        if method == "hello":
            hello = dict(params)
        if method == "set_clock":
            clock = params
        resp = inner.exchange(rid, line, forward=True)
        if method == "shutdown":
            inner.stop()
            return 0
        if method == "deliver" and "result" in resp and hello is not None:
            state = inner.call("export_state", {})["state_b64"]
            inner.stop()
            lives += 1
            inner = Inner(argv)
            again = dict(hello)
            again["seed"] = str((int(hello.get("seed", "1")) + lives) % (1 << 64))
            inner.call("hello", again)
            if clock is not None:
                inner.call("set_clock", clock)
            inner.call("import_state", {"state_b64": forget(state)})
    inner.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
