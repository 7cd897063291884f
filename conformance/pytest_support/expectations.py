"""An implementation's expectations file: which conformance items it skips or
expects to fail, each with a reason (design: adapter-protocol.md §2.7).

  {
    "suite_version": "1",
    "skip":  {"vectors/*": {"reason": "no vector hooks yet", "issue": "https://..."}},
    "xfail": {"attack/B01/hardened": {"reason": "replay window lands in 2.1",
                                       "match": "BREAKS"}}
  }

Globs are fnmatch patterns over item ids. An xfail is strict: an item that
passes anyway fails the run. `match`, when given, must occur in the failure
message. A glob that matches no item, a missing reason, an unknown key or an
unsupported suite_version is a usage error (pytest exits 4), so an
expectations file cannot rot silently.
"""

import fnmatch
import json

import pytest

SUITE_VERSIONS = {"1"}
ENTRY_KEYS = {"reason", "issue", "match"}


class Expectations:
    def __init__(self, skip, xfail, path):
        self.skip = skip
        self.xfail = xfail
        self.path = path
        self.used = set()

    @classmethod
    def empty(cls):
        return cls({}, {}, None)

    def lookup(self, item_id):
        """("skip"|"xfail", glob, entry) for the first glob matching |item_id|, else None."""
        for kind, table in (("skip", self.skip), ("xfail", self.xfail)):
            for glob, entry in table.items():
                if fnmatch.fnmatchcase(item_id, glob):
                    self.used.add((kind, glob))
                    return kind, glob, entry
        return None

    def unused(self):
        return [f"{kind} {glob!r}" for kind, table in (("skip", self.skip), ("xfail", self.xfail))
                for glob in table if (kind, glob) not in self.used]


def _fail(path, what):
    raise pytest.UsageError(f"expectations file {path}: {what}")


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f, object_pairs_hook=_no_duplicates(path))
    except OSError as e:
        _fail(path, f"cannot read: {e}")
    except ValueError as e:
        _fail(path, f"not valid JSON: {e}")
    if not isinstance(doc, dict):
        _fail(path, "the top level must be an object")
    unknown = set(doc) - {"suite_version", "skip", "xfail"}
    if unknown:
        _fail(path, f"unknown key(s) {sorted(unknown)}")
    version = doc.get("suite_version")
    if version not in SUITE_VERSIONS:
        _fail(path, f"suite_version {version!r} is not supported (supported: {sorted(SUITE_VERSIONS)})")
    tables = {}
    for kind in ("skip", "xfail"):
        table = doc.get(kind, {})
        if not isinstance(table, dict):
            _fail(path, f"'{kind}' must be an object of glob -> entry")
        for glob, entry in table.items():
            if not isinstance(entry, dict):
                _fail(path, f"{kind} {glob!r}: the entry must be an object")
            extra = set(entry) - ENTRY_KEYS
            if extra:
                _fail(path, f"{kind} {glob!r}: unknown key(s) {sorted(extra)}")
            reason = entry.get("reason")
            if not isinstance(reason, str) or not reason.strip():
                _fail(path, f"{kind} {glob!r}: a non-empty 'reason' is required")
            for key in ("issue", "match"):
                if key in entry and not isinstance(entry[key], str):
                    _fail(path, f"{kind} {glob!r}: '{key}' must be a string")
        tables[kind] = table
    return Expectations(tables["skip"], tables["xfail"], path)


def _no_duplicates(path):
    def hook(pairs):
        seen = {}
        for key, value in pairs:
            if key in seen:
                _fail(path, f"duplicate key {key!r}")
            seen[key] = value
        return seen
    return hook
