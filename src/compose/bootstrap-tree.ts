// The bootstrap step: mmdebstrap builds the root file system with the
// manifest's packages. Hooks (small sh scripts) share a package/list cache
// across runs by hard links, enforce the lock with apt pins and check, before
// anything is installed, that the mirror still offers every locked version.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { OssifyError } from '../core/errors.js';
import type { ComposeStep } from './compose-plan.js';
import type { PackageEntry } from './package-entry.js';
import { runTool, tail } from './run-tool.js';

type BootstrapStep = Extract<ComposeStep, { kind: 'bootstrap' }>;

export interface BootstrapOptions {
  step: BootstrapStep;
  /** Target directory (must not exist or be empty). */
  target: string;
  /** Scratch folder for hook scripts and their reports. */
  work: string;
  cacheDir: string;
  /** One-line apt sources; empty lets mmdebstrap choose its default mirror. */
  sources: string[];
  sourceDateEpoch: number;
  onLine?: (line: string) => void;
}

export interface BootstrapResult {
  /** .deb files fetched from the network in this run (cache misses). */
  downloaded: number;
}

const SETUP = `set -e
root="$1"
mkdir -p "$OSSIFY_CACHE/archives" "$root/var/cache/apt/archives" "$root/var/lib/apt/lists" "$root/etc/apt/preferences.d"
# Hard links make the cache free to share; cp covers a cache on another file system.
for f in "$OSSIFY_CACHE"/archives/*.deb; do
  [ -e "$f" ] || continue
  ln "$f" "$root/var/cache/apt/archives/" 2>/dev/null || cp "$f" "$root/var/cache/apt/archives/"
done
if [ -d "$OSSIFY_LISTS" ]; then
  cp -al "$OSSIFY_LISTS/." "$root/var/lib/apt/lists/" 2>/dev/null || cp -a "$OSSIFY_LISTS/." "$root/var/lib/apt/lists/"
fi
# The tree is committed (with one syncfs) right after: dpkg's per-file fsync buys nothing.
mkdir -p "$root/etc/dpkg/dpkg.cfg.d"; echo force-unsafe-io > "$root/etc/dpkg/dpkg.cfg.d/ossify-unsafe-io"
if [ -s "$OSSIFY_WORK/preferences" ]; then cp "$OSSIFY_WORK/preferences" "$root/etc/apt/preferences.d/ossify-lock"; fi
if [ -s "$OSSIFY_WORK/dracut.conf" ]; then
  mkdir -p "$root/etc/dracut.conf.d"; cp "$OSSIFY_WORK/dracut.conf" "$root/etc/dracut.conf.d/90-ossify.conf"
fi
`;

// Runs after apt-get update and the essential download, before anything is
// installed: a locked version the mirror no longer has stops the build here.
const EXTRACT = `set -e
# Unknown names fail here in seconds instead of after the essential install.
: > "$OSSIFY_WORK/unknown.txt"
for n in $(cat "$OSSIFY_WORK/include.txt"); do
  [ -n "$(APT_CONFIG="$MMDEBSTRAP_APT_CONFIG" apt-cache policy "$n" 2>/dev/null)" ] || echo "$n" >> "$OSSIFY_WORK/unknown.txt"
done
if [ -s "$OSSIFY_WORK/unknown.txt" ]; then echo "ossify: unknown packages" >&2; exit 1; fi
[ -s "$OSSIFY_WORK/pins.txt" ] || exit 0
APT_CONFIG="$MMDEBSTRAP_APT_CONFIG" apt-cache madison $(cut -d' ' -f1 "$OSSIFY_WORK/pins.txt" | sort -u) \\
  > "$OSSIFY_WORK/madison.txt" 2>/dev/null || true
awk -F'|' 'NR==FNR { gsub(/ /,"",$1); gsub(/ /,"",$2); have[$1" "$2]=1; next } !($0 in have) { print }' \\
  "$OSSIFY_WORK/madison.txt" "$OSSIFY_WORK/pins.txt" > "$OSSIFY_WORK/missing.txt"
if [ -s "$OSSIFY_WORK/missing.txt" ]; then echo "ossify: locked versions missing from the mirror" >&2; exit 1; fi
`;

const CUSTOMIZE = `set -e
root="$1"
for f in "$root"/var/cache/apt/archives/*.deb; do
  [ -e "$f" ] || continue
  b="\${f##*/}"
  [ -e "$OSSIFY_CACHE/archives/$b" ] || ln "$f" "$OSSIFY_CACHE/archives/$b" 2>/dev/null || cp "$f" "$OSSIFY_CACHE/archives/$b"
done
# Lists are replaced whole; a concurrent compose may win the race, which only costs a refresh.
tmp="$OSSIFY_LISTS.tmp.$$"
rm -rf "$tmp"; mkdir -p "$tmp"
cp -al "$root/var/lib/apt/lists/." "$tmp/" 2>/dev/null || cp -a "$root/var/lib/apt/lists/." "$tmp/"
rm -f "$tmp/lock"
rm -rf "$OSSIFY_LISTS"; mv -T "$tmp" "$OSSIFY_LISTS" 2>/dev/null || rm -rf "$tmp"
rm -f "$root/etc/apt/preferences.d/ossify-lock" "$root/etc/dpkg/dpkg.cfg.d/ossify-unsafe-io"
`;

/** apt preferences pinning every locked package to its exact version. */
export function pinPreferences(pins: PackageEntry[]): string {
  return pins.map((p) => `Package: ${p.name}\nPin: version ${p.version}\nPin-Priority: 1001\n`).join('\n');
}

function countDebs(dir: string): Set<string> {
  if (!existsSync(dir)) return new Set();
  return new Set(readdirSync(dir).filter((n) => n.endsWith('.deb')));
}

function availableVersions(madison: string, name: string): string[] {
  return madison
    .split('\n')
    .map((l) => l.split('|').map((x) => x.trim()))
    .filter((f) => f[0] === name && f[1])
    .map((f) => f[1]);
}

function mapFailure(output: string, work: string, step: BootstrapStep): OssifyError {
  const missingFile = path.join(work, 'missing.txt');
  const missing = existsSync(missingFile) ? readFileSync(missingFile, 'utf8').trim() : '';
  if (missing) {
    const madison = existsSync(path.join(work, 'madison.txt'))
      ? readFileSync(path.join(work, 'madison.txt'), 'utf8')
      : '';
    const lines = missing.split('\n').map((l) => {
      const [name, version] = l.split(' ');
      const avail = availableVersions(madison, name);
      return `${name}: locked ${version}, mirror has ${avail.length ? avail.join(', ') : 'no version'}`;
    });
    return new OssifyError(
      'ERR_OSSIFY_LOCKFILE',
      `the mirror no longer offers locked versions:\n${lines.join('\n')}`,
      {
        subject: missing.split('\n')[0].split(' ')[0],
        hint: 'run compose with --update-lock to move the lock to what the mirror offers now',
      },
    );
  }
  const unknownFile = path.join(work, 'unknown.txt');
  const names = existsSync(unknownFile) ? readFileSync(unknownFile, 'utf8').split('\n').filter(Boolean) : [];
  if (names.length) {
    return new OssifyError(
      'ERR_OSSIFY_PACKAGE',
      `unknown package${names.length > 1 ? 's' : ''} ${names.join(', ')} in ${step.suite}`,
      {
        subject: names[0],
        hint: "check the name with `apt-cache policy NAME` and the manifest's base suite and components",
      },
    );
  }
  const unknown =
    /Unable to locate package (\S+)/.exec(output) ??
    /Package '?([^' ]+)'? has no installation candidate/.exec(output);
  if (unknown) {
    return new OssifyError('ERR_OSSIFY_PACKAGE', `unknown package ${unknown[1]} in ${step.suite}`, {
      subject: unknown[1],
      hint: "check the name with `apt-cache policy NAME` and the manifest's base suite and components",
    });
  }
  const version = /Version '([^']+)' for '([^']+)' was not found/.exec(output);
  if (version) {
    return new OssifyError(
      'ERR_OSSIFY_PACKAGE',
      `package ${version[2]} has no version ${version[1]} in ${step.suite}`,
      {
        subject: version[2],
      },
    );
  }
  const unmet = /The following packages have unmet dependencies:[\s\S]*?(?=\nE:)/.exec(output);
  return new OssifyError('ERR_OSSIFY_TOOL_FAILED', `mmdebstrap failed:\n${unmet ? unmet[0] : tail(output)}`, {
    subject: 'mmdebstrap',
    hint: unmet ? 'the locked versions may not fit the new package set; try --update-lock' : undefined,
  });
}

export async function bootstrapTree(opts: BootstrapOptions): Promise<BootstrapResult> {
  const { step, work, cacheDir } = opts;
  const archives = path.join(cacheDir, 'apt', 'archives');
  mkdirSync(archives, { recursive: true });
  // Lists are keyed by the sources: apt deletes lists it does not know, so
  // different suites must not share one folder.
  const key = createHash('sha256')
    .update(opts.sources.join('\n') + step.arch)
    .digest('hex')
    .slice(0, 16);
  const lists = path.join(cacheDir, 'apt', `lists-${key}`);
  mkdirSync(work, { recursive: true });
  writeFileSync(path.join(work, 'setup.sh'), SETUP);
  writeFileSync(path.join(work, 'extract.sh'), EXTRACT);
  writeFileSync(path.join(work, 'customize.sh'), CUSTOMIZE);
  writeFileSync(path.join(work, 'preferences'), pinPreferences(step.pins));
  writeFileSync(path.join(work, 'pins.txt'), step.pins.map((p) => `${p.name} ${p.version}\n`).join(''));
  const names = step.include.map((p) => p.split('=')[0]);
  writeFileSync(path.join(work, 'include.txt'), names.join('\n') + '\n');
  const dracut = names.includes('dracut') || names.includes('dracut-core');
  writeFileSync(
    path.join(work, 'dracut.conf'),
    dracut
      ? // A generic (not host-only) initramfs; `ostree` mounts the deployment at boot.
        `hostonly="no"\nhostonly_cmdline="no"\nreproducible="yes"\n` +
          (names.includes('ostree-boot') ? 'add_dracutmodules+=" ostree "\n' : '')
      : '',
  );
  const before = countDebs(archives);
  const args = [
    '--mode=root',
    `--variant=${step.variant}`,
    `--components=${step.components.join(',')}`,
    ...(step.arch ? [`--architectures=${step.arch}`] : []),
    ...(step.include.length ? [`--include=${step.include.join(',')}`] : []),
    '--aptopt=Acquire::Languages "none"',
    '--skip=download/empty',
    '--skip=essential/unlink',
    `--setup-hook=sh ${path.join(work, 'setup.sh')} "$1"`,
    `--extract-hook=sh ${path.join(work, 'extract.sh')} "$1"`,
    `--customize-hook=sh ${path.join(work, 'customize.sh')} "$1"`,
    step.suite,
    opts.target,
    ...opts.sources,
  ];
  const env = {
    ...process.env,
    SOURCE_DATE_EPOCH: String(opts.sourceDateEpoch),
    OSSIFY_CACHE: path.join(cacheDir, 'apt'),
    OSSIFY_LISTS: lists,
    OSSIFY_WORK: work,
    LC_ALL: 'C.UTF-8',
  };
  const r = await runTool('mmdebstrap', args, { env, onLine: opts.onLine });
  if (r.code !== 0) throw mapFailure(r.output, work, step);
  const after = countDebs(archives);
  let downloaded = 0;
  for (const n of after) if (!before.has(n)) downloaded++;
  return { downloaded };
}
