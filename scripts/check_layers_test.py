#!/usr/bin/env python3
"""The layer check passes on this tree and fails on one upward include.

The second half copies nothing: it builds a two-file tree in a temporary
folder (a reference/ header that includes an attacks/ header) and expects
check_layers.py to exit 1 naming the file, then removes the include and
expects 0."""
import os
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
check = os.path.join(here, "check_layers.py")


def run(repo):
    return subprocess.run([sys.executable, check, repo], capture_output=True, text=True)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


failures = []
real = run(os.path.join(here, ".."))
if real.returncode != 0:
    failures.append("the repository has upward includes:\n" + real.stdout)

with tempfile.TemporaryDirectory() as tmp:
    write(os.path.join(tmp, "attacks", "adversary.h"), "#pragma once\n")
    low = os.path.join(tmp, "reference", "relay", "relay.cc")
    write(low, '#include "attacks/adversary.h"\n')
    bad = run(tmp)
    if bad.returncode != 1 or "reference/relay/relay.cc" not in bad.stdout:
        failures.append(f"an upward include was not caught (exit {bad.returncode}):\n{bad.stdout}")
    write(low, "// no includes\n")
    good = run(tmp)
    if good.returncode != 0:
        failures.append(f"a clean tree failed (exit {good.returncode}):\n{good.stdout}")

for f in failures:
    print("FAIL:", f)
print(f"{3 - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
