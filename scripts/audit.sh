#!/usr/bin/env bash
# The main job: builds the optimised e2eproof and audits the reference
# implementation, writing reports to reports/latest/ (or the directory given
# with --out DIR). Today the audit is the crypto self-check: every vendored
# Wycheproof vector through reference/crypto, printed as a table per file.
# Installs missing Debian packages first (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
out=reports/latest
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=${2:?--out needs a directory}; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "audit.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
done

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target e2eproof
mkdir -p "$out"
./build/release/reference/cli/e2eproof wycheproof --json "$out/wycheproof.json"
echo "audit: results written to $out/wycheproof.json"
