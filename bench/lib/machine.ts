// The machine a result was measured on, for the report header and the JSON.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface MachineInfo {
  cpu: string;
  cores: number;
  ramGiB: number;
  kernel: string;
  node: string;
  /** File system type of the cache and work directories (stat -f). */
  fs: string;
  git: string;
  peers: Record<string, string>;
}

function tryRun(argv: string[], cwd?: string): string {
  try {
    return execFileSync(argv[0], argv.slice(1), {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}

export function machineInfo(opts: {
  cacheDir: string;
  repoRoot: string;
  peers: Record<string, string>;
}): MachineInfo {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const head = tryRun(['git', 'rev-parse', '--short', 'HEAD'], opts.repoRoot);
  const dirty = tryRun(['git', 'status', '--porcelain', '--', 'src', 'native'], opts.repoRoot);
  return {
    cpu: /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? 'unknown',
    cores: os.availableParallelism(),
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    kernel: os.release(),
    node: process.version,
    fs: tryRun(['stat', '-f', '-c', '%T', opts.cacheDir]),
    git: dirty && dirty !== 'unknown' ? `${head} (src/native modified)` : head,
    peers: opts.peers,
  };
}
