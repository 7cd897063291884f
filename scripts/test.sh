#!/usr/bin/env bash
# Builds e2eproof with a CMake preset and runs every CTest test of it.
#   scripts/test.sh            the `dev` preset (RelWithDebInfo)
#   scripts/test.sh asan       AddressSanitizer + UBSan, no recovery
#   scripts/test.sh fuzz       clang + libFuzzer: each fuzz target's smoke and corpus runs
#   scripts/test.sh dev -L unit   extra arguments go to ctest (here: only label `unit`)
# Installs missing Debian packages first (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache keys on paths relative to the checkout, so any clone reuses the cache.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
case "${1:-}" in -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
preset=${1:-dev}
shift || true
case "$preset" in dev|asan|fuzz) ;; *) echo "test.sh: preset must be dev, asan or fuzz, got '$preset'" >&2; exit 2 ;; esac

scripts/install-deps.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
ctest --preset "$preset" "$@"
