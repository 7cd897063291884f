#!/usr/bin/python3
"""A deliberately broken implementation of the vector path (docs/ADAPTER.md §4.1).

  tagless_adapter.py <inner adapter argv...>     e.g. tagless_adapter.py e2eproof adapter

It forwards every line to a real adapter and back, except one answer: when the
inner adapter refuses an `ecies_unwrap` for a bad tag (rejected/auth_failed),
it answers with a key of zeros instead, as an implementation that decrypts
without checking the GCM tag would. The pytest front door must fail
vectors/ecies_wrap on it, and still pass the families it leaves alone.
"""

import json
import subprocess
import sys


def main():
    argv = sys.argv[1:]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    inner = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
    for line in sys.stdin:
        try:
            req = json.loads(line)
        except ValueError:
            req = None
        inner.stdin.write(line if line.endswith("\n") else line + "\n")
        inner.stdin.flush()
        while True:
            out = inner.stdout.readline()
            if not out:
                return inner.wait() or 1
            msg = json.loads(out)
            is_response = "event" not in msg
            if (is_response and isinstance(req, dict) and req.get("method") == "vector"
                    and req.get("params", {}).get("op") == "ecies_unwrap"
                    and msg.get("error", {}).get("reason") == "auth_failed"):
                out = json.dumps({"id": msg["id"], "result": {"output": {"key": "00" * 32}}}) + "\n"
            sys.stdout.write(out)
            sys.stdout.flush()
            if is_response:
                break
        if isinstance(req, dict) and req.get("method") == "shutdown":
            break
    inner.stdin.close()
    return inner.wait()


if __name__ == "__main__":
    sys.exit(main())
