"""Runs the C++ conformance engine (`e2eproof conformance list|run`) for pytest.

The engine speaks JSON on stdout; its stderr (progress, adapter logs) is kept
for the failure message. Exit codes of `e2eproof conformance`: 0 every item
passed or was skipped, 1 an item failed (the JSON says which), 2 usage or
unknown item, 3 harness error (an adapter died mid-run), 4 adapter
incompatible or dead before hello (docs/ADAPTER.md §3).
"""

import json
import shlex
import subprocess

import pytest

# Generous: a property item spawns an adapter per device per restart.
ITEM_TIMEOUT_S = 600


class EngineError(Exception):
    pass


class Engine:
    def __init__(self, exe, argv, seed, cases):
        self.exe = exe
        self.impl = shlex.join(argv)
        self.seed = str(seed)
        self.cases = str(cases)
        self._listing = None

    def _call(self, args, timeout):
        cmd = [self.exe, "conformance", *args, "--impl", self.impl, "--seed", self.seed,
               "--cases", self.cases, "--json"]
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise EngineError(f"engine timed out after {timeout} s: {shlex.join(cmd)}")
        except OSError as e:
            raise EngineError(f"cannot run the engine {self.exe}: {e}")
        if p.returncode == 4:
            raise pytest.UsageError(f"adapter incompatible: {p.stderr.strip()[-2000:]}")
        if p.returncode not in (0, 1):  # 1: some item failed, in the JSON
            raise EngineError(f"engine exited {p.returncode}: {shlex.join(cmd)}\n"
                              f"{p.stderr.strip()[-4000:]}")
        try:
            return json.loads(p.stdout), p.stderr
        except ValueError as e:
            raise EngineError(f"engine printed something that is not JSON ({e}): {p.stdout[:500]}")

    def listing(self):
        """{"implementation": {...}, "items": [{"id", "kind", "skip"?, ...}]}, cached."""
        if self._listing is None:
            self._listing, _ = self._call(["list"], timeout=120)
        return self._listing

    def run(self, item_id):
        """The engine's result object for one item: {"id", "status", "message", ...}."""
        doc, stderr = self._call(["run", item_id], timeout=ITEM_TIMEOUT_S)
        results = doc.get("results", [])
        if len(results) != 1 or results[0].get("id") != item_id:
            raise EngineError(f"engine answered for {[r.get('id') for r in results]}, "
                              f"not {item_id}")
        result = results[0]
        result["stderr"] = stderr
        return result
