// Results: medians, ratios, pass/fail, and their rendering as a markdown table and JSON.
import type { Measurement } from './exec.js';
import type { MachineInfo } from './machine.js';
import type { PreparedInput } from './types.js';

export interface SideResult {
  samples: Measurement[];
  medianSeconds: number;
  /** Highest peak RSS over the runs, in MB (10^6 bytes). */
  maxRssMB: number;
}

export interface Row {
  caseId: string;
  op: string;
  input: string;
  peer: string;
  runs: number;
  target: number;
  rssLimitMB?: number;
  peerResult: SideResult;
  /** Absent with --peer-only. */
  ossify?: SideResult;
  /** ossify median / peer median. */
  ratio?: number;
  pass?: boolean;
  failures: string[];
}

export interface Report {
  date: string;
  peerOnly: boolean;
  machine: MachineInfo;
  inputs: PreparedInput[];
  rows: Row[];
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function summarize(samples: Measurement[]): SideResult {
  return {
    samples,
    medianSeconds: median(samples.map((m) => m.seconds)),
    maxRssMB: Math.max(...samples.map((m) => (m.maxRssKiB * 1024) / 1e6)),
  };
}

/** Fills ratio, pass and failures once both sides have run. */
export function judge(row: Row): Row {
  if (!row.ossify) return row;
  const ratio = row.ossify.medianSeconds / row.peerResult.medianSeconds;
  const failures: string[] = [];
  if (ratio > row.target) failures.push(`ratio ${ratio.toFixed(3)} > ${row.target}`);
  if (row.rssLimitMB !== undefined && row.ossify.maxRssMB >= row.rssLimitMB) {
    failures.push(`RSS ${row.ossify.maxRssMB.toFixed(0)} MB >= ${row.rssLimitMB}`);
  }
  return { ...row, ratio, pass: failures.length === 0, failures };
}

const secs = (x: number): string => (x < 10 ? x.toFixed(3) : x.toFixed(2));

export function renderTable(rows: Row[]): string {
  // With one peer throughout, name it in the headers (as in "ostree s"); with several,
  // add a peer column.
  const peers = [...new Set(rows.map((r) => r.peer))];
  const p = peers.length === 1 ? peers[0] : 'peer';
  const head = [
    'op',
    'input',
    ...(peers.length === 1 ? [] : ['peer']),
    `${p} s`,
    'ossify s',
    'ratio',
    'target',
    `${p} RSS MB`,
    'ossify RSS MB',
    'result',
  ];
  const right = head.map((h) => h.endsWith(' s') || h.endsWith(' MB') || h === 'ratio');
  const body: string[][] = [];
  for (const r of rows) {
    const target = `<= ${r.target}x` + (r.rssLimitMB !== undefined ? `, RSS < ${r.rssLimitMB} MB` : '');
    const result = r.pass === undefined ? 'n/a' : r.pass ? 'pass' : `FAIL (${r.failures.join('; ')})`;
    const cells = [
      r.op,
      r.input,
      ...(peers.length === 1 ? [] : [r.peer]),
      secs(r.peerResult.medianSeconds),
      r.ossify ? secs(r.ossify.medianSeconds) : '-',
      r.ratio !== undefined ? `${r.ratio.toFixed(2)}x` : '-',
      target,
      r.peerResult.maxRssMB.toFixed(0),
      r.ossify ? r.ossify.maxRssMB.toFixed(0) : '-',
      result,
    ];
    body.push(cells);
  }
  // Padded as prettier formats markdown tables, so the written file passes prettier --check.
  const widths = head.map((h, i) => Math.max(3, h.length, ...body.map((cells) => cells[i].length)));
  const line = (cells: string[]): string =>
    `| ${cells.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (right[i] ? '-'.repeat(w - 1) + ':' : '-'.repeat(w))).join(' | ')} |`;
  return [line(head), rule, ...body.map(line)].join('\n') + '\n';
}

/** A warning when other work competed for the CPUs while we measured. */
function busyNote(report: Report): string[] {
  const loads = report.rows.flatMap((r) =>
    [...r.peerResult.samples, ...(r.ossify?.samples ?? [])].map((m) => m.loadBefore),
  );
  const max = Math.max(0, ...loads);
  // The benchmark itself keeps about one core busy; more than that is someone else.
  if (max <= 1 + report.machine.cores / 2) return [];
  return [
    `Warning: the machine was busy (1-minute load average up to ${max.toFixed(1)} on ${report.machine.cores} cores`,
    'before a measurement); times are noisier than usual.',
    '',
  ];
}

export function renderMarkdown(report: Report): string {
  const m = report.machine;
  const peers = Object.entries(m.peers)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const inputs = report.inputs
    .map(
      (i) =>
        `- ${i.id}: ${i.entries} entries, ${(i.bytes / 1e6).toFixed(0)} MB of file data (built in ${i.prepSeconds.toFixed(1)} s)`,
    )
    .join('\n');
  return [
    `# ossify benchmark${report.peerOnly ? ' (peer only)' : ''}`,
    '',
    `${report.date} · ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM · Linux ${m.kernel} · ${m.fs} · Node ${m.node} · ${peers} · ossify ${m.git}`,
    '',
    renderTable(report.rows),
    'Times are medians of the runs (wall clock, warm page cache after `sync`, sides alternating first);',
    'RSS is the highest peak over the runs (GNU time %M); ratio = ossify / peer.',
    '',
    ...busyNote(report),
    inputs,
    '',
  ].join('\n');
}
