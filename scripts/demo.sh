#!/usr/bin/env bash
# The quick-start demo: ossify's main job on a built-in default. Composes a small
# Debian OS from examples/demo, deploys it into a demo sysroot, edits /etc and
# /var, composes a second version with one more package, upgrades to it with the
# /etc edit kept, shows the package diff, rolls back and checks the repository.
# Needs root (owners, xattrs, bubblewrap) and Debian's mirrors for the packages.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh >/dev/null
[ -f dist/bundle/main.js ] && [ -f native/build/Release/ossify_sys.node ] || npm run build >/dev/null

DEMO=${OSSIFY_DEMO_DIR:-/tmp/ossify-demo}
SYSROOT=$DEMO/sysroot
REPO=$SYSROOT/ostree/repo
REF=demo/x86_64/stable
ossify() { node "$PWD/bin/ossify.js" "$@"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@"; }
deployment_dir() { # the default deployment's root
  local id
  id=$(ossify status --sysroot "$SYSROOT" --json | node -e \
    'const h=JSON.parse(require("fs").readFileSync(0,"utf8")); process.stdout.write(h.status.default.id)')
  echo "$SYSROOT/ostree/deploy/demo/deploy/$id"
}

rm -rf "$DEMO"
mkdir -p "$DEMO"
# the examples' lockfiles stay untouched: the demo composes with its own copies
cp examples/demo/demo-v1.yaml examples/demo/demo-v2.yaml "$DEMO/"

step "1. Create an empty sysroot (OSTree layout) for the OS 'demo'"
show ossify sysroot init --sysroot "$SYSROOT" --os demo

step "2. Compose version 1 from a YAML manifest (Debian minbase + less, netbase)"
show ossify compose "$DEMO/demo-v1.yaml" --repo "$REPO"
show ossify repo log --repo "$REPO" "$REF"

step "3. Deploy it: a checkout by hardlinks, /etc from /usr/etc, boot entries, one atomic switch"
show ossify deploy --sysroot "$SYSROOT" --os demo "$REF"
show ossify status --sysroot "$SYSROOT"

step "4. Change the running system: edit /etc, keep state in /var"
V1=$(deployment_dir)
echo "Edited by the operator." >> "$V1/etc/motd"
echo "demo-host-1" > "$V1/etc/hostname"
echo "state that survives upgrades" > "$SYSROOT/ostree/deploy/demo/var/demo-state"
show ossify etc diff --sysroot "$SYSROOT"

step "5. Compose version 2 (one more package: tree) and compare the two commits"
show ossify compose "$DEMO/demo-v2.yaml" --repo "$REPO"
show ossify repo diff --repo "$REPO" --packages "$REF^" "$REF"

step "6. Upgrade: deploy version 2 beside version 1; /etc is merged three ways"
echo "(hostname changed only locally: kept. motd changed on both sides, next to each other:"
echo " a conflict, reported; the local file stays and the new default lands beside it.)"
show ossify upgrade --sysroot "$SYSROOT" --os demo
show ossify status --sysroot "$SYSROOT"
V2=$(deployment_dir)
printf '$ cat %s\n' "$V2/etc/motd"
cat "$V2/etc/motd"
printf '$ cat %s\n' "$V2/etc/motd.ossify-new"
cat "$V2/etc/motd.ossify-new"
printf '$ cat %s\n' "$V2/etc/hostname"
cat "$V2/etc/hostname"
printf '$ cat %s\n' "$SYSROOT/ostree/deploy/demo/var/demo-state"
cat "$SYSROOT/ostree/deploy/demo/var/demo-state"
test -x "$V2/usr/bin/tree" && echo "tree is installed in version 2: $(ls -l "$V2/usr/bin/tree" | cut -c1-10) /usr/bin/tree"

step "7. Roll back to version 1 (one atomic symlink swap), then check the repository"
show ossify rollback --sysroot "$SYSROOT"
show ossify status --sysroot "$SYSROOT"
show ossify repo fsck --repo "$REPO"
show ostree admin status --sysroot "$SYSROOT"

step "Done. Everything is in $DEMO; run it again any time (it starts from scratch)."
