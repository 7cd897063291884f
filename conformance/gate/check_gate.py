#!/usr/bin/python3
"""Shows that the conformance gate has teeth (issue: gate power).

Runs the pytest front door on a few items and checks the exit codes and which
tests failed:
  1. the reference adapter passes (positive control);
  2. amnesiac_adapter.py (a client that forgets replay state) FAILS, on
     attack/B01/hardened;
  3. an expectations file with a glob matching nothing stops collection (4);
  4. a strict xfail on an item that passes fails the run (1);
  5. a skip entry turns its items into skips and the run passes (0);
  6. tagless_adapter.py (ECIES unwrap without the tag check) FAILS
     vectors/ecies_wrap and still passes vectors/frames.
Exit 0 when all of these hold, 1 otherwise, with what differed.
"""

import argparse
import os
import subprocess
import sys
import xml.dom.minidom

HERE = os.path.dirname(os.path.abspath(__file__))
CONFORMANCE = os.path.dirname(HERE)

SELECT = "sanity or B01"


def run(e2eproof, workdir, name, impl=None, expectations=None, select=SELECT):
    junit = os.path.join(workdir, name + ".junit.xml")
    cmd = [sys.executable, "-m", "pytest", CONFORMANCE, "-q", "-p", "no:cacheprovider",
           "--e2eproof", e2eproof, "--cases", "5", "-k", select, "--junitxml", junit]
    if impl:
        cmd += ["--impl", impl]
    if expectations:
        cmd += ["--expectations", os.path.join(HERE, "testdata", expectations)]
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=os.path.dirname(CONFORMANCE))
    outcomes = {}
    if os.path.exists(junit) and p.returncode in (0, 1):
        doc = xml.dom.minidom.parse(junit)
        for case in doc.getElementsByTagName("testcase"):
            name_attr = case.getAttribute("name")
            item = name_attr[name_attr.find("[") + 1:-1] if "[" in name_attr else name_attr
            if case.getElementsByTagName("failure") or case.getElementsByTagName("error"):
                outcomes[item] = "failed"
            elif case.getElementsByTagName("skipped"):
                outcomes[item] = "skipped"
            else:
                outcomes[item] = "passed"
    return p.returncode, outcomes, p.stdout[-3000:] + p.stderr[-3000:]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--e2eproof", required=True)
    ap.add_argument("--workdir", required=True)
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    reference = f"{args.e2eproof} adapter"
    broken = f"{sys.executable} {os.path.join(HERE, 'amnesiac_adapter.py')} {args.e2eproof} adapter"
    problems = []

    def expect(label, got_code, want_code, outcomes=None, want=None, log=""):
        print(f"{label}: exit {got_code}" + (f", {len(outcomes)} items" if outcomes is not None else ""))
        if got_code != want_code:
            problems.append(f"{label}: exit {got_code}, wanted {want_code}\n{log}")
        for item, state in (want or {}).items():
            if outcomes.get(item) != state:
                problems.append(f"{label}: {item} {outcomes.get(item)}, wanted {state}\n{log}")

    code, out, log = run(args.e2eproof, args.workdir, "reference", impl=reference)
    expect("reference adapter", code, 0, out, {"attack/B01/hardened": "passed"}, log)
    code, out, log = run(args.e2eproof, args.workdir, "amnesiac", impl=broken)
    expect("amnesiac adapter", code, 1, out,
           {"attack/B01/hardened": "failed", "sanity/hardened": "passed"}, log)
    code, _, log = run(args.e2eproof, args.workdir, "stale", expectations="stale.json")
    expect("stale expectations glob", code, 4, log=log)
    code, out, log = run(args.e2eproof, args.workdir, "xfail", expectations="xfail_passing.json",
                         select="sanity")
    expect("strict xfail on a passing item", code, 1, out, {"sanity/hardened": "failed"}, log)
    code, out, log = run(args.e2eproof, args.workdir, "skip", expectations="skip_b01.json")
    expect("skip entry", code, 0, out, {"attack/B01/arthas": "skipped"}, log)
    vector_select = "vectors and (ecies_wrap or frames)"
    code, out, log = run(args.e2eproof, args.workdir, "vectors-reference", impl=reference, select=vector_select)
    expect("reference adapter, vectors", code, 0, out,
           {"vectors/ecies_wrap": "passed", "vectors/frames": "passed"}, log)
    tagless = f"{sys.executable} {os.path.join(HERE, 'tagless_adapter.py')} {args.e2eproof} adapter"
    code, out, log = run(args.e2eproof, args.workdir, "tagless", impl=tagless, select=vector_select)
    expect("tagless adapter, vectors", code, 1, out,
           {"vectors/ecies_wrap": "failed", "vectors/frames": "passed"}, log)

    for p in problems:
        print("PROBLEM:", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
