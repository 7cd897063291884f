#!/usr/bin/python3
"""Shows that the conformance gate has teeth (issue: gate power).

Runs the pytest front door on small item selections and checks exit codes and
which tests failed:
  1. the reference adapter passes (positive control);
  2. amnesiac_adapter.py (a client that forgets replay state) FAILS, on
     attack/B01/hardened;
  3. an expectations file with a glob matching nothing stops collection (4);
  4. a strict xfail on an item that passes fails the run (1);
  5. a skip entry turns its items into skips and the run passes (0);
  6. tagless_adapter.py (ECIES unwrap without the tag check) FAILS
     vectors/ecies_wrap and still passes vectors/frames;
  7. every mutant of mutants.py shows its bug when driven directly (probes.py);
  8. every broken mutant FAILS the items named in MUTANT_CASES and passes
     its positive control; the two whose output the engine must survive
     (ENGINE_CASES) end the engine with a clean exit code, never a signal;
  9. the stricter mutant (replay-guard) PASSES every item (--cases 5).
Exit 0 when all of these hold, 1 otherwise, with what differed. An item a
case names that the engine does not list is a problem too (the gate would
have no item for that bug), unless --allow-missing, which reports it as
PENDING. A "gap:" entry is an item that should catch its mutant and does not
yet: reported as GAP on stderr, not a problem. About 70 s on two cores.
"""

import argparse
import concurrent.futures
import fnmatch
import json
import os
import subprocess
import sys
import threading
import xml.dom.minidom

HERE = os.path.dirname(os.path.abspath(__file__))
CONFORMANCE = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import probes  # noqa: E402
import mutants  # noqa: E402

SELECT = "sanity or B01"

# mutant -> the items it must fail (a glob: every matching item must fail;
# "any:" glob: at least one must; "gap:" glob: an item that should catch it
# but does not yet, reported as GAP, not as a problem) and one item it must
# pass (the control).
MUTANT_CASES = [
    # arthas signs iv || ciphertext, so a flipped tag in a signed body is caught
    # by the signature; only an unsigned body (the preset accepts those) shows a
    # missing tag check, and tamper/arthas/tag-bit sends a signed one.
    ("forged-tags", ["tamper/eleven/tag-bit", "tamper/arthas/unsigned-tag-bit"], "tamper/arthas/tag-bit"),
    # Chat keys only: hardened's epoch keys are not touched, and a joiner makes none.
    ("zero-key", ["interop/arthas/impl-creates", "interop/eleven/impl-creates"], "sanity/arthas"),
    # The reference peer already refuses the unknown body field: sanity fails too.
    ("key-in-body", ["sanity/arthas", "interop/*/impl-*"], "vectors/padding"),
    ("no-signature-check", ["tamper/arthas/signed-by-other"], "sanity/arthas"),
    ("never-acks", ["interop/arthas/*", "event/duplicate/*"], "sanity/arthas"),
    ("forgets-processed-ids", ["state/*/processed-ids"], "sanity/arthas"),
    ("no-duplicate-event", ["event/duplicate/*"], "sanity/arthas"),
    ("ignores-bad-lines", ["contract/malformed-line*"], "sanity/arthas"),
    ("unknown-method-empty", ["contract/unknown-method*"], "sanity/arthas"),
    ("lax-params", ["contract/bad-params*"], "sanity/arthas"),
    ("late-events", ["contract/completion*"], "vectors/padding"),
    ("exit1-on-eof", ["contract/end-of-input*"], "sanity/arthas"),
    ("plaintext-cmid", ["interop/*/impl-*"], "sanity/arthas"),
    ("state-as-internal", ["contract/wrong-state*"], "sanity/arthas"),
]

# mutant -> item run by the engine directly, the exit codes allowed, and the
# text its report must contain. A signal or exit 134 (SIGABRT) is never allowed.
ENGINE_CASES = [
    # A declared hook answered `unsupported` is a failure of the item, not a harness error.
    ("clock-unsupported", "sanity/arthas", (1,), "set_clock"),
    # Padded base64url in an event: a failure or harness error naming the field.
    ("padded-base64", "sanity/arthas", (1, 3), "bytes_b64"),
]

STRICTER = "replay-guard"


def mutant_argv(e2eproof, name):
    return f"{sys.executable} {os.path.join(HERE, 'mutant_adapter.py')} {name} {e2eproof} adapter"


def run(e2eproof, workdir, name, impl=None, expectations=None, select=SELECT):
    junit = os.path.join(workdir, name + ".junit.xml")
    if os.path.exists(junit):
        os.remove(junit)
    cmd = [sys.executable, "-m", "pytest", CONFORMANCE, "-q", "-p", "no:cacheprovider",
           "--e2eproof", e2eproof, "--cases", "5", "--junitxml", junit]
    if select:
        cmd += ["-k", select]
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


def listed_items(e2eproof):
    p = subprocess.run([e2eproof, "conformance", "list", "--json"], capture_output=True, text=True)
    return [i["id"] for i in json.loads(p.stdout)["items"]]


def split(glob):
    """split returns (kind, pattern) of a MUTANT_CASES entry: kind "all", "any" or "gap"."""
    for kind in ("any", "gap"):
        if glob.startswith(kind + ":"):
            return kind, glob[len(kind) + 1:]
    return "all", glob


def keyword(glob):
    """keyword turns an item glob into a pytest -k substring (up to the first wildcard)."""
    return glob.split("*", 1)[0].rstrip("/") or glob


class Checker:
    def __init__(self, args):
        self.args = args
        self.problems = []
        self.pending = []
        self.gaps = []
        self.lock = threading.Lock()

    def problem(self, text):
        with self.lock:
            self.problems.append(text)

    def say(self, text):
        with self.lock:
            print(text, flush=True)

    def expect(self, label, got_code, want_code, outcomes=None, want=None, log=""):
        self.say(f"{label}: exit {got_code}" + (f", {len(outcomes)} items" if outcomes is not None else ""))
        if got_code != want_code:
            self.problem(f"{label}: exit {got_code}, wanted {want_code}\n{log}")
        for item, state in (want or {}).items():
            if outcomes.get(item) != state:
                self.problem(f"{label}: {item} {outcomes.get(item)}, wanted {state}\n{log}")

    # ---- the original cases ---------------------------------------------
    def original_cases(self):
        e, w = self.args.e2eproof, self.args.workdir
        reference = f"{e} adapter"
        broken = f"{sys.executable} {os.path.join(HERE, 'amnesiac_adapter.py')} {e} adapter"
        code, out, log = run(e, w, "reference", impl=reference)
        self.expect("reference adapter", code, 0, out, {"attack/B01/hardened": "passed"}, log)
        code, out, log = run(e, w, "amnesiac", impl=broken)
        self.expect("amnesiac adapter", code, 1, out,
                    {"attack/B01/hardened": "failed", "sanity/hardened": "passed"}, log)
        code, _, log = run(e, w, "stale", expectations="stale.json")
        self.expect("stale expectations glob", code, 4, log=log)
        code, out, log = run(e, w, "xfail", expectations="xfail_passing.json", select="sanity")
        self.expect("strict xfail on a passing item", code, 1, out, {"sanity/hardened": "failed"}, log)
        code, out, log = run(e, w, "skip", expectations="skip_b01.json")
        self.expect("skip entry", code, 0, out, {"attack/B01/arthas": "skipped"}, log)
        vector_select = "vectors and (ecies_wrap or frames)"
        code, out, log = run(e, w, "vectors-reference", impl=reference, select=vector_select)
        self.expect("reference adapter, vectors", code, 0, out,
                    {"vectors/ecies_wrap": "passed", "vectors/frames": "passed"}, log)
        tagless = f"{sys.executable} {os.path.join(HERE, 'tagless_adapter.py')} {e} adapter"
        code, out, log = run(e, w, "tagless", impl=tagless, select=vector_select)
        self.expect("tagless adapter, vectors", code, 1, out,
                    {"vectors/ecies_wrap": "failed", "vectors/frames": "passed"}, log)

    # ---- mutants ----------------------------------------------------------
    def probe(self, name):
        found = probes.probe(name, [self.args.e2eproof, "adapter"])
        self.say(f"probe {name}: {'shows its bug' if found is None else found}")
        if found is not None:
            self.problem(f"probe {name}: {found}")

    def mutant_case(self, name, globs, control, listing):
        present = []
        for glob in globs:
            _, pattern = split(glob)
            if not fnmatch.filter(listing, pattern):
                with self.lock:
                    self.pending.append(f"{name}: no item matches {pattern}")
                if not self.args.allow_missing:
                    self.problem(f"mutant {name}: the engine has no item {pattern} to catch it")
            else:
                present.append(glob)
        if not present:
            self.say(f"mutant {name}: PENDING (no item to run yet)")
            return
        select = " or ".join(sorted({keyword(split(g)[1]) for g in present} | {control}))
        code, out, log = run(self.args.e2eproof, self.args.workdir, f"mutant-{name}",
                             impl=mutant_argv(self.args.e2eproof, name), select=select)
        self.say(f"mutant {name}: exit {code}, {sum(v == 'failed' for v in out.values())} of {len(out)} "
                 f"selected items failed")
        if code != 1:
            self.problem(f"mutant {name}: exit {code}, wanted 1 (some item failed)\n{log}")
        if out.get(control) != "passed":
            self.problem(f"mutant {name}: control {control} {out.get(control)}, wanted passed\n{log}")
        for glob in present:
            kind, pattern = split(glob)
            matched = {i: s for i, s in out.items() if fnmatch.fnmatch(i, pattern)}
            failed = [i for i, s in matched.items() if s == "failed"]
            if not matched:
                self.problem(f"mutant {name}: no item of {pattern} ran\n{log}")
            elif kind == "gap":
                with self.lock:
                    self.gaps.append(f"{name}: {pattern} " + ("now fails: make it required" if failed
                                                             else "passes: the bug goes uncaught there"))
            elif kind == "any" and not failed:
                self.problem(f"mutant {name}: every item of {pattern} passed ({sorted(matched)}): "
                             f"not caught\n{log}")
            elif kind == "all" and len(failed) != len(matched):
                passed = sorted(i for i in matched if i not in failed)
                self.problem(f"mutant {name}: {passed} did not fail: not caught\n{log}")

    def engine_case(self, name, item, codes, needle):
        cmd = [self.args.e2eproof, "conformance", "run", item, "--impl", mutant_argv(self.args.e2eproof, name),
               "--json"]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        report = p.stdout + p.stderr
        self.say(f"mutant {name}: engine exit {p.returncode} on {item}")
        if p.returncode not in codes:
            self.problem(f"mutant {name}: engine exit {p.returncode} on {item}, wanted one of {codes} "
                         f"(never a signal or 134)\n{report[-3000:]}")
        elif needle not in report:
            self.problem(f"mutant {name}: the engine's report does not name {needle!r}\n{report[-3000:]}")

    def stricter_case(self):
        code, out, log = run(self.args.e2eproof, self.args.workdir, f"stricter-{STRICTER}",
                             impl=mutant_argv(self.args.e2eproof, STRICTER), select=None)
        failed = sorted(i for i, s in out.items() if s == "failed")
        self.say(f"stricter {STRICTER}: exit {code}, {len(out)} items, failed {failed}")
        if code != 0 or failed:
            self.problem(f"stricter {STRICTER}: exit {code}, failed {failed}: a client protecting "
                         f"users more must pass\n{log}")
        if out.get("property/delivery/replay-shown-again/arthas") not in ("passed", "skipped"):
            self.problem(f"stricter {STRICTER}: replay-shown-again/arthas "
                         f"{out.get('property/delivery/replay-shown-again/arthas')}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--e2eproof", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--allow-missing", action="store_true",
                    help="report a case whose items the engine does not list as PENDING, not a problem")
    ap.add_argument("--only", action="append", default=[], metavar="MUTANT",
                    help="run only the cases of these mutants (and skip the original cases)")
    ap.add_argument("--jobs", type=int, default=2, help="cases run at once (default 2)")
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    c = Checker(args)
    wanted = (lambda n: n in args.only) if args.only else (lambda n: True)

    names = sorted(n for n in mutants.REGISTRY if wanted(n))
    for n in names:
        if n not in probes.PROBES:
            c.problem(f"mutant {n} has no probe")
    listing = listed_items(args.e2eproof)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        jobs = [pool.submit(c.probe, n) for n in names if n in probes.PROBES]
        if not args.only:
            jobs.append(pool.submit(c.original_cases))
        jobs += [pool.submit(c.mutant_case, n, g, ctl, listing) for n, g, ctl in MUTANT_CASES if wanted(n)]
        jobs += [pool.submit(c.engine_case, *case) for case in ENGINE_CASES if wanted(case[0])]
        if wanted(STRICTER):
            jobs.append(pool.submit(c.stricter_case))
        for j in jobs:
            j.result()
    covered = {n for n, _, _ in MUTANT_CASES} | {n for n, *_ in ENGINE_CASES} | {STRICTER}
    for n in sorted(set(mutants.REGISTRY) - covered):
        c.problem(f"mutant {n} has no gate case")

    for p in c.pending:
        print("PENDING:", p, file=sys.stderr)
    for p in c.gaps:
        print("GAP:", p, file=sys.stderr)
    for p in c.problems:
        print("PROBLEM:", p, file=sys.stderr)
    return 1 if c.problems else 0


if __name__ == "__main__":
    sys.exit(main())
