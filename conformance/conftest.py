"""pytest front door of the conformance engine (docs/ADAPTER.md, conformance/README.md).

  /usr/bin/python3 -m pytest conformance --impl "<adapter argv>" [--expectations FILE]

The engine is C++ (`e2eproof conformance`); this layer only turns its item
list into pytest test items, applies an implementation's expectations file
(skips and strict xfails, each with a reason) and lets pytest write JUnit XML
(--junitxml). Options are defined here so they exist whatever file pytest is
pointed at inside conformance/.
"""

import os
import shlex
import shutil

import pytest

from pytest_support import engine, expectations

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pytest_addoption(parser):
    g = parser.getgroup("e2eproof conformance")
    g.addoption("--impl", default=None, metavar="ARGV",
                help="the adapter command line, split like a shell would (default: the "
                "reference adapter, '<e2eproof> adapter')")
    g.addoption("--e2eproof", default=None, metavar="PATH",
                help="the e2eproof binary that runs the engine (default: $E2EPROOF, then "
                "build/dev, build/release, build/asan, then PATH)")
    g.addoption("--expectations", default=None, metavar="FILE",
                help="the implementation's expectations file (JSON: skips and strict xfails "
                "by glob, each with a reason; see conformance/README.md)")
    g.addoption("--seed", default="20261123", help="engine seed (decimal)")
    g.addoption("--cases", default="25", help="schedules per property item")


def find_e2eproof(config):
    explicit = config.getoption("--e2eproof") or os.environ.get("E2EPROOF")
    if explicit:
        return explicit
    for preset in ("dev", "release", "asan"):
        path = os.path.join(REPO, "build", preset, "cli", "e2eproof")
        if os.access(path, os.X_OK):
            return path
    found = shutil.which("e2eproof")
    if found:
        return found
    raise pytest.UsageError("e2eproof not found: build it (scripts/test.sh) or pass --e2eproof PATH")


def pytest_configure(config):
    exe = find_e2eproof(config)
    impl = config.getoption("--impl")
    argv = shlex.split(impl) if impl else [exe, "adapter"]
    if not argv:
        raise pytest.UsageError("--impl is empty")
    config._e2e_engine = engine.Engine(exe, argv, seed=config.getoption("--seed"),
                                       cases=config.getoption("--cases"))
    path = config.getoption("--expectations")
    config._e2e_expect = expectations.load(path) if path else expectations.Expectations.empty()


def pytest_collection_modifyitems(session, config, items):
    expect = getattr(config, "_e2e_expect", None)
    if expect is None:
        return
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is None or "item" not in callspec.params:
            continue
        found = expect.lookup(callspec.params["item"]["id"])
        if found is None:
            continue
        kind, glob, entry = found
        why = f"{entry['reason']} (expectations: {glob})"
        if kind == "skip":
            item.add_marker(pytest.mark.skip(reason=why))
        else:
            item.add_marker(pytest.mark.xfail(reason=why, strict=True))
            if "match" in entry:
                item.user_properties.append(("xfail_match", entry["match"]))
    stale = expect.unused()
    if stale:
        raise pytest.UsageError(f"expectations file {expect.path}: these globs match no item: "
                                + ", ".join(stale))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """An xfail with `match` counts only when the failure message contains it."""
    outcome = yield
    report = outcome.get_result()
    match = dict(item.user_properties).get("xfail_match")
    if match and call.when == "call" and hasattr(report, "wasxfail"):
        if match not in str(call.excinfo.value if call.excinfo else ""):
            report.outcome = "failed"
            report.longrepr = (f"expected failure did not match {match!r}: "
                               f"{call.excinfo.value if call.excinfo else ''}")
