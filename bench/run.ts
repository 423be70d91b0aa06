// npm run bench: ossify against its peer tools (ostree, …) on the same inputs, in the same
// run, each operation in a fresh target. Prints a markdown table of median times, ratios
// and peak RSS, and writes it to bench/results/latest.{md,json}.
//
// Cases live in bench/cases/*.ts, inputs in bench/inputs/*.ts; this file only runs them.
// Per case, input and run: set up each side untimed in an empty directory, `sync`, read
// the step's inputs into the page cache, time the command under GNU time, remove the
// directory. The side that goes first alternates so neither always runs second.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBuilt } from './lib/build.js';
import { cacheRoot } from './lib/cache.js';
import { measure, removeTree, run, syncAll, ToolFailure, warm, type Measurement } from './lib/exec.js';
import { loadCases, loadInputs } from './lib/load.js';
import { machineInfo } from './lib/machine.js';
import { judge, renderMarkdown, renderTable, summarize, type Report, type Row } from './lib/report.js';
import type { BenchCase, CaseContext, PreparedInput, Side } from './lib/types.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(repoRoot, 'bench');

const USAGE = `usage: npm run bench -- [options]

  --only LIST      cases to run, by id or group (e.g. commit,checkout); default all
  --inputs LIST    inputs to use (e.g. minbase,synthetic); default all
  --runs N         runs per operation (default: per input, 3 for minbase, 1 for synthetic)
  --peer-only      run only the peer tools (tests the harness without ossify)
  --build          run npm run build even if dist/ looks fresh
  --skip-build     do not check that dist/ is fresh
  --keep-work      keep the work directory (repos, checkouts) for inspection
  --list           list cases and inputs and exit

Inputs are cached in \${OSSIFY_BENCH_CACHE:-$HOME/.cache/ossify-bench} and built when missing.`;

const log = (line: string): void => {
  process.stderr.write(line + '\n');
};

function splitList(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      inputs: { type: 'string' },
      runs: { type: 'string' },
      'peer-only': { type: 'boolean', default: false },
      build: { type: 'boolean', default: false },
      'skip-build': { type: 'boolean', default: false },
      'keep-work': { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const runs = values.runs === undefined ? undefined : Number(values.runs);
  if (runs !== undefined && !(Number.isInteger(runs) && runs >= 1))
    throw new Error(`--runs must be a positive integer, not "${values.runs}"`);
  return {
    only: splitList(values.only),
    inputs: splitList(values.inputs),
    runs,
    peerOnly: values['peer-only'],
    build: values.build,
    skipBuild: values['skip-build'],
    keepWork: values['keep-work'],
    list: values.list,
    help: values.help,
  };
}

function selectCases(all: BenchCase[], only: string[] | undefined): BenchCase[] {
  if (!only) return all;
  const known = new Set(all.flatMap((c) => [c.id, ...c.groups]));
  const unknown = only.filter((n) => !known.has(n));
  if (unknown.length > 0)
    throw new Error(`--only: unknown ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
  return all.filter((c) => only.includes(c.id) || c.groups.some((g) => only.includes(g)));
}

/** Removes work directories left by runs that died (their pid is gone). */
async function removeStaleWork(cacheDir: string): Promise<void> {
  for (const name of readdirSync(cacheDir)) {
    const m = /^work\.(\d+)$/.exec(name);
    if (!m) continue;
    let alive = true;
    try {
      process.kill(Number(m[1]), 0);
    } catch {
      alive = false;
    }
    if (!alive) await removeTree(path.join(cacheDir, name));
  }
}

/** Writes a results file as the repo's prettier would, so `prettier --check .` stays clean. */
async function writeFormatted(file: string, text: string): Promise<void> {
  let out = text;
  try {
    const prettier = await import('prettier');
    const config = (await prettier.resolveConfig(file)) ?? {};
    out = await prettier.format(text, { ...config, filepath: file });
  } catch (err) {
    log(
      `prettier unavailable (${err instanceof Error ? err.message : String(err)}); writing ${file} unformatted`,
    );
  }
  writeFileSync(file, out);
}

async function main(): Promise<number> {
  const opts = parseOptions();
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const allCases = await loadCases(benchDir);
  const allInputs = await loadInputs(benchDir);
  if (opts.list) {
    for (const c of allCases)
      console.log(
        `case  ${c.id.padEnd(16)} ${c.op} vs ${c.peer.name}, target <= ${c.target}x, groups: ${c.groups.join(',') || '-'}, inputs: ${c.inputs.join(',')}`,
      );
    for (const i of allInputs.values())
      console.log(`input ${i.id.padEnd(16)} ${i.description}, ${i.defaultRuns} run(s) by default`);
    return 0;
  }

  const cases = selectCases(allCases, opts.only);
  const inputIds = opts.inputs ?? [...allInputs.keys()];
  const unknownInputs = inputIds.filter((id) => !allInputs.has(id));
  if (unknownInputs.length > 0)
    throw new Error(
      `--inputs: unknown ${unknownInputs.join(', ')}; known: ${[...allInputs.keys()].join(', ')}`,
    );
  const plan = cases.flatMap((c) =>
    inputIds.filter((id) => c.inputs.includes(id)).map((id) => ({ c, inputId: id })),
  );
  if (plan.length === 0) throw new Error('nothing to run: no selected case uses the selected inputs');

  const peers: Record<string, string> = {};
  for (const { c } of plan) peers[c.peer.name] ??= c.peer.version();
  await run({ argv: ['/usr/bin/time', '-f', '%M', 'true'] }).catch(() => {
    throw new Error('/usr/bin/time (GNU time, Debian package "time") is needed to measure peak RSS');
  });
  if (!opts.peerOnly && !opts.skipBuild) await ensureBuilt(repoRoot, log, opts.build);

  const cacheDir = cacheRoot();
  await removeStaleWork(cacheDir);
  const workRoot = path.join(cacheDir, `work.${process.pid}`);
  mkdirSync(workRoot, { recursive: true });

  const prepared = new Map<string, PreparedInput>();
  for (const id of new Set(plan.map((p) => p.inputId))) {
    const input = await (allInputs.get(id) as NonNullable<ReturnType<typeof allInputs.get>>).prepare({
      cacheDir,
      log,
    });
    log(
      `input ${id}: ${input.entries} entries, ${(input.bytes / 1e6).toFixed(0)} MB, ${input.cached ? 'cached' : 'built'} (build took ${input.prepSeconds.toFixed(1)} s)`,
    );
    prepared.set(id, input);
  }

  const fixtures = new Map<string, Promise<string>>();
  const sides: Side[] = opts.peerOnly ? ['peer'] : ['peer', 'ossify'];
  const rows: Row[] = [];
  let order = 0;
  try {
    for (const { c, inputId } of plan) {
      const input = prepared.get(inputId) as PreparedInput;
      const spec = allInputs.get(inputId);
      const runs = opts.runs ?? spec?.defaultRuns ?? 1;
      const samples: Record<Side, Measurement[]> = { peer: [], ossify: [] };
      for (let i = 0; i < runs; i++) {
        const first = order++ % 2 === 0 ? sides : [...sides].reverse();
        for (const side of first) {
          const work = path.join(workRoot, `${c.id}-${inputId}-${side}-${i}`);
          mkdirSync(work);
          const ctx: CaseContext = {
            input,
            work,
            ossify: (args) => ({
              argv: [process.execPath, path.join(repoRoot, 'bin', 'ossify.js'), ...args],
            }),
            exec: (argv) => run({ argv }),
            fixture(key, build) {
              const id = `${inputId}-${key}`;
              let dir = fixtures.get(id);
              if (!dir) {
                const d = path.join(workRoot, 'fixtures', id);
                mkdirSync(d, { recursive: true });
                log(`fixture ${id}: building`);
                dir = build(d).then(() => d);
                fixtures.set(id, dir);
              }
              return dir;
            },
          };
          const step = await c.setup(side, ctx);
          await syncAll();
          await warm(step.warm);
          const m = await measure(step.command);
          samples[side].push(m);
          const name = side === 'peer' ? c.peer.name : 'ossify';
          log(
            `${c.id} ${inputId} run ${i + 1}/${runs}: ${name} ${m.seconds.toFixed(3)} s, ${((m.maxRssKiB * 1024) / 1e6).toFixed(0)} MB, load before ${m.loadBefore.toFixed(1)}`,
          );
          await removeTree(work);
        }
      }
      rows.push(
        judge({
          caseId: c.id,
          op: c.op,
          input: inputId,
          peer: c.peer.name,
          runs,
          target: c.target,
          rssLimitMB: spec?.ossifyRssLimitMB,
          peerResult: summarize(samples.peer),
          ossify: opts.peerOnly ? undefined : summarize(samples.ossify),
          failures: [],
        }),
      );
    }
    // Results are written before the cleanup, which takes a minute on the 200k tree.
    const report: Report = {
      date: new Date().toISOString(),
      peerOnly: opts.peerOnly,
      machine: machineInfo({ cacheDir, repoRoot, peers }),
      inputs: [...prepared.values()],
      rows,
    };
    process.stdout.write('\n' + renderTable(rows));
    const resultsDir = path.join(benchDir, 'results');
    mkdirSync(resultsDir, { recursive: true });
    await writeFormatted(path.join(resultsDir, 'latest.md'), renderMarkdown(report));
    await writeFormatted(path.join(resultsDir, 'latest.json'), JSON.stringify(report, null, 2) + '\n');
    log(`\nwrote bench/results/latest.md and bench/results/latest.json`);
    return rows.every((r) => r.pass !== false) ? 0 : 1;
  } finally {
    if (opts.keepWork) log(`work directory kept: ${workRoot}`);
    else await removeTree(workRoot);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ToolFailure) log(`\nbench aborted: a tool failed\n${err.message}`);
    else log(`\nbench aborted: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  },
);
