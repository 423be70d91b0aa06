// ossify compose MANIFEST --repo DIR [--lock FILE] [--update-lock]: builds the
// manifest's OS tree and commits it; --json reports each phase's duration.
import cliProgress from 'cli-progress';
import type { CliCommand, RunContext } from '../command.js';
import { composeManifest, type ComposeResult } from '../../compose/index.js';
import { repoOption, repoPath } from '../repo-option.js';

function phaseProgress(ctx: RunContext): {
  onPhase: (e: { phase: string; state: 'start' | 'end'; ms?: number; count: number }) => void;
  onLine: (line: string) => void;
  stop: () => void;
} {
  if (!ctx.progress) return { onPhase() {}, onLine() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: '{phase} {bar} {value}/{total} phases | {line}',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let done = 0;
  let phase = '';
  bar.start(6, 0, { phase: 'compose', line: '' });
  return {
    onPhase(e) {
      bar.setTotal(e.count);
      if (e.state === 'start') phase = e.phase;
      else {
        done++;
        bar.update(done, { phase, line: `${e.phase} ${(Number(e.ms) / 1000).toFixed(1)}s` });
      }
    },
    onLine(line) {
      // mmdebstrap's "I: ..." lines and script output, trimmed to one short status.
      if (line.trim()) bar.update(done, { phase, line: line.trim().slice(0, 60) });
    },
    stop: () => bar.stop(),
  };
}

export const composeCommand: CliCommand<ComposeResult> = {
  path: ['compose'],
  summary:
    'build an OS tree from a manifest and commit it (`ossify compose schema` prints the manifest schema)',
  args: ['<manifest>'],
  options: [
    repoOption,
    { flags: '--lock <file>', description: 'lockfile (default: MANIFEST without .yaml + .lock.json)' },
    {
      flags: '--update-lock',
      description: 'ignore locked versions and write a new lock from what the mirror offers',
    },
    { flags: '--keep-work', description: 'keep the temporary build folder (debugging)' },
  ],
  async run([manifest], opts, ctx) {
    const progress = phaseProgress(ctx);
    try {
      return await composeManifest({
        manifest,
        repo: repoPath(opts),
        lock: opts.lock as string | undefined,
        updateLock: opts.updateLock === true,
        keepWork: opts.keepWork === true,
        onPhase: (e) => {
          progress.onPhase(e);
          if (e.state === 'end' && !ctx.progress) ctx.note(`${e.phase}: ${((e.ms ?? 0) / 1000).toFixed(1)}s`);
        },
        onLine: progress.onLine,
      });
    } finally {
      progress.stop();
    }
  },
  render(r) {
    const secs = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;
    return [
      `${r.ref} ${r.version}: ${r.checksum}`,
      `  ${r.packages} packages (${r.downloaded} downloaded)${r.kernels.length ? `, kernel ${r.kernels.join(', ')}` : ''}`,
      `  lock ${r.lock}${r.lockWritten ? ' (written)' : ' (unchanged)'}`,
      `  ${r.phases.map((p) => `${p.phase} ${secs(p.ms)}`).join(', ')}; total ${secs(r.totalMs)}`,
    ].join('\n');
  },
};
