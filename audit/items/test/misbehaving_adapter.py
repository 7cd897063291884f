#!/usr/bin/python3
"""A broken adapter for the engine's tests: the real `e2eproof adapter` behind
a filter that breaks one rule of docs/ADAPTER.md.

usage: misbehaving_adapter.py MODE E2EPROOF

MODE:
  lenient       answers {} to lines that are not requests and to unknown methods
                (fails contract/malformed-line, not-a-request, unknown-method)
  late-events   writes each response before the events it caused
                (fails contract/completion)
  linger        after the shutdown response, keeps running and writes a line
                (fails contract/shutdown)
  refuse-clock  declares hook clock but answers set_clock `unsupported`
                (fails contract/hooks, and every item that sets the clock)
  no-clock      does not declare hook clock, and treats a set_clock as a crash
                (the engine must not send it; world time then skips the device)
  pad-base64    pads the base64url of every transmit with '='
                (the engine must report the bad event, naming the request)
"""
import json
import subprocess
import sys
import time


def out(obj_or_line):
    line = obj_or_line if isinstance(obj_or_line, str) else json.dumps(obj_or_line)
    sys.stdout.write(line.rstrip("\n") + "\n")
    sys.stdout.flush()


def main():
    mode, exe = sys.argv[1], sys.argv[2]
    real = subprocess.Popen([exe, "adapter"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, bufsize=0)
    known = None  # the real adapter's method names, from its hello

    def forward(line):
        real.stdin.write(line.encode() if isinstance(line, str) else line)
        real.stdin.flush()
        lines = []
        while True:
            got = real.stdout.readline()
            if not got:
                return lines, None
            j = json.loads(got)
            if "id" in j:
                return lines, j
            lines.append(j)

    for raw in sys.stdin.buffer:
        try:
            req = json.loads(raw)
            ok = isinstance(req, dict) and isinstance(req.get("method"), str)
        except ValueError:
            req, ok = None, False
        if mode == "lenient":
            if not ok:
                out({"id": 0, "result": {}})
                continue
            if known is not None and req["method"] not in known:
                out({"id": req.get("id"), "result": {}})
                continue
        if mode == "refuse-clock" and ok and req["method"] == "set_clock":
            out({"id": req["id"], "error": {"code": "unsupported", "message": "no clock here"}})
            continue
        if mode == "no-clock" and ok and req["method"] == "set_clock":
            sys.stderr.write("set_clock sent although clock was not declared\n")
            return 3
        events, response = forward(raw)
        if response is None:
            return 0
        if ok and req["method"] == "hello" and "result" in response:
            known = set(response["result"]["capabilities"]["methods"])
            if mode == "no-clock":
                hooks = response["result"]["capabilities"]["hooks"]
                response["result"]["capabilities"]["hooks"] = [h for h in hooks if h != "clock"]
        if mode == "pad-base64":
            for e in events:
                if e.get("event") == "transmit":
                    b = e["data"]["bytes_b64"]
                    e["data"]["bytes_b64"] = b + "=" * ((-len(b)) % 4 or 1)
        if mode == "late-events":
            out(response)
            for e in events:
                out(e)
        else:
            for e in events:
                out(e)
            out(response)
        if ok and req["method"] == "shutdown":
            if mode == "linger":
                time.sleep(0.1)
                out({"event": "typing", "data": {"chat": "g", "from": "x", "on": True}})
                time.sleep(30)
            return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
