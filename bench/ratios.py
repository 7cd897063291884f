#!/usr/bin/python3
"""Wrapper/raw throughput ratios from a Google Benchmark JSON file.

Reads the output of
  e2e_bench --benchmark_out=FILE --benchmark_out_format=json [--benchmark_repetitions=N]
pairs BM_Aead_<Op>/<bytes> (the reference AesGcm) with BM_RawEvp_<Op>/<bytes>
(bare EVP on one context), and prints, for Seal (seal(), returning a fresh
Bytes), SealInto (seal_into() on a reused buffer; compared with the same raw
Seal) and Open:

  size | wrapper B/s | raw B/s | ratio

Throughput is bytes_per_second. With repetitions the median of the
per-repetition runs is used (or the "median" aggregate when only aggregates
were written).

BM_Paired_<Op>/<bytes> (aead_paired_bench.cc) time the wrapper and raw EVP in
alternating blocks inside one benchmark and report the median per-round ratio
as the counter "ratio"; it is printed in the "paired" column. Because both
sides share the same moment of the machine it is far less noisy than the
ratio of two separate benchmarks, so --min-ratio judges the paired ratio when
the file has one (the median over repetitions) and the separate-runs ratio
otherwise. Other benchmarks in the file are ignored.

--min-ratio [OP:]SIZE:RATIO (repeatable; OP is Seal, SealInto or Open,
default Seal)
makes the script exit 1 when that ratio is lower, or missing. Example:
  ratios.py results.json --min-ratio SealInto:16384:0.95
Exit status: 0 ok, 1 a ratio below its minimum or a benchmark that reported
an error, 2 bad usage or unreadable input.
"""

import argparse
import json
import re
import statistics
import sys

# Wrapper operation -> the raw operation it is compared with.
RAW_OF = {"Seal": "Seal", "SealInto": "Seal", "Open": "Open"}
OPS = tuple(RAW_OF)
NAME = re.compile(r"BM_(Aead|RawEvp|Paired)_(Seal|SealInto|Open)/(?:\w+:)?(\d+)")


def parse_min_ratio(text):
    parts = text.split(":")
    if len(parts) == 2:
        parts = ["Seal"] + parts
    if len(parts) != 3 or parts[0] not in OPS:
        raise argparse.ArgumentTypeError(f"expected [OP:]SIZE:RATIO, got {text!r}")
    try:
        return parts[0], int(parts[1]), float(parts[2])
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected [OP:]SIZE:RATIO, got {text!r}")


def load(path):
    """Returns ({(op, impl, size): bytes_per_second}, [errors])."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    runs, medians, errors = {}, {}, []
    for b in doc.get("benchmarks", []):
        name = b.get("run_name") or b.get("name", "")
        m = NAME.fullmatch(name)
        if not m:
            continue
        if b.get("error_occurred"):
            errors.append(f"{b.get('name')}: {b.get('error_message', 'error')}")
            continue
        impl = {"Aead": "wrapper", "RawEvp": "raw", "Paired": "paired"}[m.group(1)]
        key = (m.group(2), impl, int(m.group(3)))
        # Paired benchmarks carry their ratio as a counter; the others a throughput.
        bps = b.get("ratio") if impl == "paired" else b.get("bytes_per_second")
        if bps is None:
            continue
        if b.get("run_type", "iteration") == "iteration":
            runs.setdefault(key, []).append(float(bps))
        elif b.get("aggregate_name") == "median":
            medians[key] = float(bps)
    result = dict(medians)
    result.update({k: statistics.median(v) for k, v in runs.items()})
    return result, errors


def human(bps):
    for unit, scale in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if bps >= scale:
            return f"{bps / scale:.3f} {unit}"
    return f"{bps:.0f} "


def main():
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="\n\n".join(__doc__.split("\n\n")[1:]),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("json_file", help="Google Benchmark output (--benchmark_out_format=json)")
    ap.add_argument("--min-ratio", action="append", default=[], type=parse_min_ratio,
                    metavar="[OP:]SIZE:RATIO",
                    help="exit 1 if wrapper/raw at SIZE is below RATIO (OP: Seal, SealInto "
                    "or Open; default Seal)")
    args = ap.parse_args()

    try:
        tput, errors = load(args.json_file)
    except (OSError, ValueError) as e:
        print(f"ratios.py: cannot read {args.json_file}: {e}", file=sys.stderr)
        return 2

    ratios = {}
    for op in OPS:
        sizes = sorted({s for (o, i, s) in tput if o == op and i in ("wrapper", "paired")})
        if not sizes:
            continue
        print(f"{op}")
        print(f"{'size':>9} | {'wrapper B/s':>12} | {'raw B/s':>12} | {'ratio':>6} | {'paired':>6}")
        print(f"{'-' * 9}-+-{'-' * 12}-+-{'-' * 12}-+-{'-' * 6}-+-{'-' * 6}")
        for size in sizes:
            w, r = tput.get((op, "wrapper", size)), tput.get((RAW_OF[op], "raw", size))
            ratio = w / r if w is not None and r else None
            paired = tput.get((op, "paired", size))
            judged = paired if paired is not None else ratio
            if judged is not None:
                ratios[(op, size)] = judged
            print(f"{size:>9} | {human(w) if w is not None else '-':>12} | "
                  f"{human(r) if r is not None else '-':>12} | "
                  f"{f'{ratio:.3f}' if ratio is not None else '-':>6} | "
                  f"{f'{paired:.3f}' if paired is not None else '-':>6}")
        print()

    status = 0
    for e in errors:
        print(f"ERROR: {e}", file=sys.stderr)
        status = 1
    for op, size, minimum in args.min_ratio:
        ratio = ratios.get((op, size))
        if ratio is None:
            print(f"FAIL: no {op} ratio at {size} bytes in {args.json_file}", file=sys.stderr)
            status = 1
        elif ratio < minimum:
            print(f"FAIL: {op} at {size} bytes: ratio {ratio:.3f} < {minimum}", file=sys.stderr)
            status = 1
        else:
            print(f"ok: {op} at {size} bytes: ratio {ratio:.3f} >= {minimum}")
    return status


if __name__ == "__main__":
    sys.exit(main())
