// Host name, time zone, locale and kernel arguments.
//
// Kernel arguments are written to /usr/lib/ostree-boot/kargs (one line) and
// recorded in the commit as `ossify.kargs` (as): the tree carries its own
// defaults, and deploy reads them without parsing the tree.
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OssifyError } from '../core/errors.js';
import { runInTree } from './run-in-tree.js';
import { tail } from './run-tool.js';

export interface SystemSettings {
  hostname?: string;
  timezone?: string;
  locale?: string;
  kernelArgs: string[];
}

const BUILTIN_LOCALES = new Set(['C', 'C.UTF-8', 'C.utf8', 'POSIX']);

export async function applySystemSettings(root: string, s: SystemSettings): Promise<void> {
  const etc = path.join(root, 'etc');
  // mmdebstrap copies the build host's hostname and resolv.conf: never ship them. A symlink
  // (systemd-resolved's stub) belongs to a package and stays.
  const resolv = path.join(etc, 'resolv.conf');
  if (lstatSync(resolv, { throwIfNoEntry: false })?.isFile()) rmSync(resolv);
  if (s.hostname) writeFileSync(path.join(etc, 'hostname'), s.hostname + '\n');
  else rmSync(path.join(etc, 'hostname'), { force: true });
  if (s.timezone) {
    const zone = path.join(root, 'usr/share/zoneinfo', s.timezone);
    if (!existsSync(zone)) {
      throw new OssifyError(
        'ERR_OSSIFY_COMPOSE',
        `timezone: ${s.timezone} is not in the tree's /usr/share/zoneinfo`,
        {
          subject: s.timezone,
          hint: 'add tzdata to packages, or check the zone name',
        },
      );
    }
    rmSync(path.join(etc, 'localtime'), { force: true });
    symlinkSync(`/usr/share/zoneinfo/${s.timezone}`, path.join(etc, 'localtime'));
    writeFileSync(path.join(etc, 'timezone'), s.timezone + '\n');
  }
  if (s.locale) {
    writeFileSync(path.join(etc, 'locale.conf'), `LANG=${s.locale}\n`);
    mkdirSync(path.join(etc, 'default'), { recursive: true });
    writeFileSync(path.join(etc, 'default', 'locale'), `LANG=${s.locale}\n`);
    if (!BUILTIN_LOCALES.has(s.locale)) await generateLocale(root, s.locale);
  }
  if (s.kernelArgs.length) {
    const dir = path.join(root, 'usr/lib/ostree-boot');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'kargs'), s.kernelArgs.join(' ') + '\n');
  }
}

async function generateLocale(root: string, locale: string): Promise<void> {
  if (!existsSync(path.join(root, 'usr/sbin/locale-gen'))) {
    throw new OssifyError('ERR_OSSIFY_COMPOSE', `locale: ${locale} needs the locales package in the tree`, {
      subject: locale,
      hint: 'add locales to packages, or use C.UTF-8',
    });
  }
  const charset =
    /\.([A-Za-z0-9-]+)/.exec(locale)?.[1]?.toUpperCase().replace('UTF8', 'UTF-8') ?? 'ISO-8859-1';
  const gen = path.join(root, 'etc/locale.gen');
  const line = `${locale} ${charset}`;
  const current = existsSync(gen) ? readFileSync(gen, 'utf8') : '';
  if (!current.split('\n').includes(line)) writeFileSync(gen, current + line + '\n');
  const r = await runInTree(root, ['locale-gen']);
  if (r.code !== 0) {
    throw new OssifyError('ERR_OSSIFY_COMPOSE', `locale: locale-gen ${locale} failed:\n${tail(r.output)}`, {
      subject: locale,
    });
  }
}
