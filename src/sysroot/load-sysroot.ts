// Reads a sysroot's state the way libostree does: the boot/loader symlink picks
// the active loader.B, its ostree-*.conf entries (highest `version` first) name
// deployments through their ostree= bootlinks. The entries are the truth; a
// deployment directory no entry reaches is a leftover.
import { existsSync, lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { OssifyError, wrapIoError } from '../core/errors.js';
import { parseKeyfile, type Keyfile } from '../core/keyfile.js';
import { bootEntryGet, parseBootEntry, splitKargs, type BootEntry } from './boot-entry.js';
import type { Deployment } from './deployment.js';
import { originPath, parseBootLink, parseDeployName, renderBootLink } from './layout.js';

export interface SysrootState {
  path: string;
  bootVersion: number;
  subBootVersion: number;
  /** In boot order: index 0 is the default. */
  deployments: Deployment[];
  /** Stateroots present under ostree/deploy. */
  osnames: string[];
}

export function assertSysroot(sysroot: string): void {
  const ok = ['ostree/repo/config', 'ostree/deploy', 'boot'].every((p) => existsSync(path.join(sysroot, p)));
  if (!ok) {
    throw new OssifyError('ERR_OSSIFY_SYSROOT', `not an OSTree sysroot: ${sysroot}`, {
      hint: `create one with "ossify sysroot init --sysroot ${sysroot} --os NAME", or point --sysroot at one`,
      subject: sysroot,
    });
  }
}

function readLinkOrNull(p: string): string | null {
  try {
    return readlinkSync(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export function readBootVersion(sysroot: string): number {
  const target = readLinkOrNull(path.join(sysroot, 'boot', 'loader'));
  if (target === null) return 0;
  if (target === 'loader.0') return 0;
  if (target === 'loader.1') return 1;
  throw new OssifyError('ERR_OSSIFY_SYSROOT', `invalid target ${target} of ${sysroot}/boot/loader`, {
    hint: 'boot/loader must be a symlink to loader.0 or loader.1',
  });
}

export function readSubBootVersion(sysroot: string, bootVersion: number): number {
  const target = readLinkOrNull(path.join(sysroot, 'ostree', `boot.${bootVersion}`));
  if (target === null) return 0;
  return target.endsWith('.1') ? 1 : 0;
}

/** strverscmp-like order for `version` keys: numbers compare as numbers. */
function compareVersionsDesc(a: string | undefined, b: string | undefined): number {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return -a.localeCompare(b, 'en', { numeric: true });
}

export function readEntries(sysroot: string, bootVersion: number): Array<{ name: string; entry: BootEntry }> {
  const dir = path.join(sysroot, 'boot', `loader.${bootVersion}`, 'entries');
  if (!existsSync(dir)) return [];
  const out: Array<{ name: string; entry: BootEntry }> = [];
  for (const name of readdirSync(dir)) {
    if (!name.startsWith('ostree-') || !name.endsWith('.conf')) continue;
    if (!lstatSync(path.join(dir, name)).isFile()) continue;
    out.push({ name, entry: parseBootEntry(readFileSync(path.join(dir, name), 'utf8')) });
  }
  out.sort((a, b) => compareVersionsDesc(bootEntryGet(a.entry, 'version'), bootEntryGet(b.entry, 'version')));
  return out;
}

function readOrigin(file: string): Keyfile {
  if (!existsSync(file)) return new Map();
  return parseKeyfile(readFileSync(file, 'utf8'), file);
}

function kernelVersionOf(entry: BootEntry): string | null {
  const linux = bootEntryGet(entry, 'linux');
  const m = linux ? /\/vmlinuz-([^/]+)$/.exec(linux) : null;
  return m ? m[1] : null;
}

export function loadSysroot(sysroot: string): SysrootState {
  assertSysroot(sysroot);
  try {
    const bootVersion = readBootVersion(sysroot);
    const subBootVersion = readSubBootVersion(sysroot, bootVersion);
    const deployments: Deployment[] = [];
    for (const { name, entry } of readEntries(sysroot, bootVersion)) {
      const args = splitKargs(bootEntryGet(entry, 'options') ?? '');
      const ostreeArg = args.find((a) => a.startsWith('ostree='));
      if (!ostreeArg) {
        throw new OssifyError('ERR_OSSIFY_SYSROOT', `boot entry ${name} has no ostree= kernel argument`, {
          subject: name,
        });
      }
      const link = parseBootLink(ostreeArg.slice('ostree='.length));
      const linkPath = renderBootLink(link).slice(1);
      const target = readLinkOrNull(path.join(sysroot, linkPath));
      const parsed = target === null ? null : parseDeployName(path.basename(target));
      if (!parsed) {
        throw new OssifyError(
          'ERR_OSSIFY_SYSROOT',
          `boot entry ${name}: bootlink ${linkPath} is missing or invalid`,
          {
            hint: 'the sysroot is damaged; "ostree admin status" should report the same',
            subject: linkPath,
          },
        );
      }
      const id = { osname: link.osname, ...parsed };
      deployments.push({
        ...id,
        bootChecksum: link.bootChecksum,
        kernelVersion: kernelVersionOf(entry),
        kernelArgs: args.filter((a) => !a.startsWith('ostree=')),
        origin: readOrigin(originPath(sysroot, id)),
      });
    }
    const deployRoot = path.join(sysroot, 'ostree', 'deploy');
    const osnames = readdirSync(deployRoot, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    return { path: sysroot, bootVersion, subBootVersion, deployments, osnames: osnames.sort() };
  } catch (err) {
    wrapIoError(err, `reading sysroot ${sysroot}`);
  }
}
