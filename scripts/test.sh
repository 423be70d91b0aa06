#!/usr/bin/env bash
# The test command: installs what the tests need (Debian tools, npm packages),
# then type-checks, lints, builds and runs every test. Needs root for apt and for
# the tests themselves (owners, xattrs, mounts, namespaces).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
npm test
