#!/usr/bin/python3
"""The conformance engine never aborts on what an adapter writes: each broken
adapter of misbehaving_adapter.py ends `e2eproof conformance run` with a clean
exit code (1 failed item, 3 harness error), never a signal, and the message
names the adapter's device, the request and, for a bad line, the line
itself cut to 200 bytes."""
import argparse
import re
import subprocess
import sys


def run(e2eproof, adapter, mode, items):
    impl = f"/usr/bin/python3 {adapter} {mode} {e2eproof}"
    p = subprocess.run([e2eproof, "conformance", "run", *items, "--cases", "2", "--impl", impl],
                       capture_output=True, text=True, timeout=240)
    return p.returncode, p.stdout + p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--e2eproof", required=True)
    ap.add_argument("--adapter", required=True)
    a = ap.parse_args()
    failures = []

    def expect(cond, what, out):
        if not cond:
            failures.append(f"{what}\n--- output ---\n{out}")

    # (a) a declared clock hook answered `unsupported`: a failed item (exit 1).
    code, out = run(a.e2eproof, a.adapter, "refuse-clock", ["sanity/arthas"])
    expect(code == 1, f"refuse-clock: exit {code}, expected 1 (a failed item)", out)
    expect("declared hook refused: 'set_clock' answered by alice's adapter with E2E_ERR_UNSUPPORTED: no clock here"
           in out, "refuse-clock: the message does not name the hook, the device and the answer", out)

    # (b) padded base64url in a transmit: a harness error (exit 3) naming the
    # device, the method, the request id and the line, cut to 200 bytes.
    code, out = run(a.e2eproof, a.adapter, "pad-base64", ["sanity/arthas"])
    expect(code == 3, f"pad-base64: exit {code}, expected 3 (a harness error)", out)
    expect("adapter for alice broke the protocol in 'register': a bad event" in out,
           "pad-base64: the message does not name the device and the request", out)
    expect(re.search(r"\(request id \d+\)", out) is not None, "pad-base64: no request id", out)
    m = re.search(r"line: '(.*?)(\.\.\. \((\d+) bytes\))?' ", out)
    expect(m is not None and len(m.group(1)) <= 200 and m.group(2) is not None,
           "pad-base64: the offending line is not quoted, or not cut at 200 bytes", out)

    # (c) no clock hook declared: the engine never sends set_clock (the
    # adapter would exit 3), and the chat works.
    code, out = run(a.e2eproof, a.adapter, "no-clock", ["sanity/hardened"])
    expect(code == 0, f"no-clock: exit {code}, expected 0", out)

    for f in failures:
        print("FAIL:", f)
    if not failures:
        print("the engine exited cleanly for every broken adapter")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
