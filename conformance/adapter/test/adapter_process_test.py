#!/usr/bin/python3
"""Self-test of the real adapter process: `e2eproof adapter` over pipes.

Usage: adapter_process_test.py /path/to/e2eproof

Checks docs/ADAPTER.md from the outside: ids are echoed, stdout carries only
JSON lines (events before their response), a bad line gets an error with id
null and the process keeps serving, exit 0 after shutdown and exit 0 at the
end of input without shutdown. Standard library only.
"""
import json
import subprocess
import sys

HELLO = {
    "protocol": "e2eproof-adapter",
    "versions": [{"major": 1, "minor_min": 0}],
    "device": "alice",
    "seed": "12345",
    "suite": "adapter_process_test",
}


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


class Adapter:
    def __init__(self, exe):
        self.p = subprocess.Popen([exe, "adapter", "--log-level", "debug"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def send_line(self, line):
        self.p.stdin.write(line.encode() + b"\n")
        self.p.stdin.flush()

    def read_until_response(self):
        """Reads lines up to the first one with an id; returns (events, response)."""
        events = []
        while True:
            raw = self.p.stdout.readline()
            if not raw:
                fail("stdout closed before a response; stderr: " + self.p.stderr.read().decode())
            if not raw.endswith(b"\n"):
                fail("unterminated line: %r" % raw)
            try:
                obj = json.loads(raw)
            except ValueError:
                fail("stdout line is not JSON: %r" % raw)
            if not isinstance(obj, dict):
                fail("stdout line is not an object: %r" % raw)
            if "id" in obj:
                if ("result" in obj) == ("error" in obj):
                    fail("response needs exactly one of result/error: %r" % raw)
                return events, obj
            if set(obj) != {"event", "data"}:
                fail("neither response nor event: %r" % raw)
            events.append(obj)

    def call(self, rid, method, params=None):
        req = {"id": rid, "method": method}
        if params is not None:
            req["params"] = params
        self.send_line(json.dumps(req))
        events, resp = self.read_until_response()
        if resp["id"] != rid:
            fail("id %r echoed as %r" % (rid, resp["id"]))
        return events, resp

    def finish(self, close_stdin=True):
        if close_stdin:
            self.p.stdin.close()
        try:
            code = self.p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.p.kill()
            fail("adapter did not exit")
        rest = self.p.stdout.read()
        err = self.p.stderr.read().decode(errors="replace")
        return code, rest, err


def main():
    if len(sys.argv) != 2:
        fail("usage: adapter_process_test.py E2EPROOF")
    exe = sys.argv[1]

    # 1. A full session ending in shutdown.
    a = Adapter(exe)
    _, r = a.call(1, "hello", HELLO)
    if "result" not in r or r["result"]["version"] != {"major": 1, "minor": 2}:
        fail("hello: %r" % r)
    if "register" not in r["result"]["capabilities"]["methods"]:
        fail("hello does not list register: %r" % r)
    ev, r = a.call(2, "create_device", {"device": "alice", "name": "Alice", "preset": "eleven"})
    if "result" not in r or ev:
        fail("create_device: %r %r" % (ev, r))
    ev, r = a.call(3, "register", {})
    if r != {"id": 3, "result": {}} or len(ev) != 1 or ev[0]["event"] != "transmit":
        fail("register: %r %r" % (ev, r))
    if ev[0]["data"]["to"] != "relay" or not ev[0]["data"]["bytes_b64"]:
        fail("transmit: %r" % ev[0])
    _, r = a.call(4, "teleport", {})
    if r.get("error", {}).get("code") != "unsupported":
        fail("unknown method: %r" % r)
    # A bad line: id null, and the process goes on.
    a.send_line("this is not json")
    _, r = a.read_until_response()
    if r["id"] is not None or r["error"]["code"] != "invalid_params":
        fail("bad line: %r" % r)
    a.send_line('{"id": 5, "id": 6, "method": "fetch"}')
    _, r = a.read_until_response()
    if r["id"] is not None or r["error"]["code"] != "invalid_params":
        fail("duplicate key: %r" % r)
    ev, r = a.call(7, "fetch")
    if "result" not in r:
        fail("fetch after bad lines: %r" % r)
    _, r = a.call(8, "shutdown", {})
    if r != {"id": 8, "result": {}}:
        fail("shutdown: %r" % r)
    code, rest, err = a.finish(close_stdin=False)
    if code != 0:
        fail("exit %d after shutdown; stderr: %s" % (code, err))
    if rest:
        fail("output after shutdown: %r" % rest)
    if "Alice" in err:
        fail("the log repeats request content: %s" % err)

    # 2. End of input without shutdown: exit 0 at once.
    b = Adapter(exe)
    b.call(1, "hello", HELLO)
    code, rest, err = b.finish()
    if code != 0 or rest:
        fail("end of input: exit %d, trailing %r; stderr: %s" % (code, rest, err))

    # 3. Wrong major version: unsupported, and the process still serves.
    c = Adapter(exe)
    bad = dict(HELLO, versions=[{"major": 2, "minor_min": 0}])
    _, r = c.call(1, "hello", bad)
    if r.get("error", {}).get("code") != "unsupported" or "adapter incompatible" not in r["error"]["message"]:
        fail("wrong major: %r" % r)
    _, r = c.call(2, "shutdown", {})
    code, _, _ = c.finish(close_stdin=False)
    if code != 0:
        fail("exit %d" % code)

    # 4. --help points to the contract.
    h = subprocess.run([exe, "adapter", "--help"], capture_output=True, timeout=20)
    if h.returncode != 0 or b"docs/ADAPTER.md" not in h.stdout:
        fail("adapter --help: %d %r" % (h.returncode, h.stdout))
    print("adapter process test: OK")


if __name__ == "__main__":
    main()
