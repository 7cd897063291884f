#!/usr/bin/env bash
# Installs the Debian packages listed in scripts/debian-packages.txt that are
# not installed yet. Idempotent: with everything present it changes nothing.
# Needs root, or sudo. --update forces `apt-get update` even when nothing is missing.
# Then makes sure npm exists and runs `npm ci` for the WebCrypto peer when its
# node_modules is missing or older than its package-lock.json.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

# webcrypto_peer_deps: npm (Debian's package only when no npm came with node),
# then the peer's locked npm dependencies (conformance/peers/webcrypto).
webcrypto_peer_deps() {
  local peer="$here/../conformance/peers/webcrypto"
  if ! command -v npm >/dev/null; then
    echo "install-deps: installing npm"
    $sudo apt-get install -y -qq --no-install-recommends npm
  fi
  if [ ! -d "$peer/node_modules" ] || [ "$peer/package-lock.json" -nt "$peer/node_modules" ]; then
    echo "install-deps: npm ci in conformance/peers/webcrypto"
    (cd "$peer" && npm ci --no-audit --no-fund --loglevel=error && touch node_modules)
  fi
}
sudo=""
force_update=0
case "${1:-}" in
  --update) force_update=1 ;;
  -h|--help) sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  "") ;;
  *) echo "install-deps: unknown option '$1' (try --help)" >&2; exit 2 ;;
esac

mapfile -t wanted < <(grep -v '^\s*#' "$here/debian-packages.txt" | sed 's/\s*$//' | grep -v '^$')
missing=()
for pkg in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ] && [ $force_update -eq 0 ]; then
  echo "install-deps: all ${#wanted[@]} Debian packages present"
  command -v npm >/dev/null || { [ "$(id -u)" -eq 0 ] || sudo="sudo"; }
  webcrypto_peer_deps
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "install-deps: missing packages (${missing[*]}) and neither root nor sudo available" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
webcrypto_peer_deps
echo "install-deps: done"
