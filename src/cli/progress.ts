// Progress bars on stderr, only when it is a terminal and --json is off. Library
// functions report plain numbers through callbacks; this turns them into a bar
// with items, bytes and rate.
import cliProgress from 'cli-progress';
import type { RunContext } from './command.js';

export interface ProgressReporter {
  update(items: number, bytes: number): void;
  stop(): void;
}

const NOOP: ProgressReporter = { update() {}, stop() {} };

export function startProgress(ctx: RunContext, label: string, total?: number): ProgressReporter {
  if (!ctx.progress) return NOOP;
  const started = Date.now();
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} {bar} {value}${total ? '/{total}' : ''} items | {size} | {rate}/s`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total ?? 0, 0, { size: '0 B', rate: '0 B' });
  return {
    update(items, bytes) {
      const secs = Math.max((Date.now() - started) / 1000, 0.001);
      if (!total) bar.setTotal(items);
      bar.update(items, { size: formatBytes(bytes), rate: formatBytes(bytes / secs) });
    },
    stop() {
      bar.stop();
    },
  };
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? n.toFixed(0) : n.toFixed(1)} ${units[i]}`;
}
