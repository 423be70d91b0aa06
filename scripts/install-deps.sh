#!/usr/bin/env bash
# Installs the Debian tools ossify drives and tests against (needs root), then the
# npm packages. Used by .ci/run, the quick start and the benchmarks, so a fresh
# machine needs nothing installed by hand. Skips apt when everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t DEBS < <(grep -v "^#" scripts/debian-packages.txt | grep .)
missing=()
for p in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# npm ci only when needed: the demo calls this too, and a reinstall in the middle
# of a test run would pull node_modules and the native build from under it
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
