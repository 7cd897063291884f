#!/usr/bin/env bash
# The main job: builds the optimised e2eproof and audits the reference
# implementation with `e2eproof audit`: Wycheproof, our vectors, the delivery
# properties and the attack matrix, then every documented claim's verdict.
# Writes REPORT.md, results.json and junit.xml to reports/latest/ (or --out DIR).
# Exit code: that of `e2eproof audit` (0 ran clean, 1 a check failed, 2 usage).
# Installs missing Debian packages first (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache keys on paths relative to the checkout, so any clone reuses the cache.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
out=reports/latest
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=${2:?--out needs a directory}; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "audit.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
done

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target e2eproof
./build/release/cli/e2eproof audit --out "$out"
echo "audit: reports written to $out (REPORT.md, results.json, junit.xml)"
