// Shapes shared by the runner, the inputs (bench/inputs/*.ts) and the cases (bench/cases/*.ts).
//
// A case compares one ossify operation with its peer tool on one input. The runner owns
// timing, ordering, cache warming, fresh work directories and reporting; a case only says
// how to set up (untimed) and which command to time, so a new comparison is one new file.

/** Which side of a comparison a command belongs to. */
export type Side = 'peer' | 'ossify';

export interface Command {
  argv: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** The tool ossify is measured against, e.g. ostree or mmdebstrap. */
export interface Peer {
  name: string;
  /** Version string for the report; throws when the tool is missing. */
  version(): string;
}

export interface InputContext {
  /** Cache root, outside git: ${OSSIFY_BENCH_CACHE:-$HOME/.cache/ossify-bench}. */
  cacheDir: string;
  log(line: string): void;
}

/** What an input looks like once it exists in the cache. */
export interface PreparedInput {
  id: string;
  /** Directory holding the tree that cases operate on. */
  tree: string;
  /** Other artefacts by name (e.g. { tar: '/…/minbase.tar' }). */
  files: Record<string, string>;
  entries: number;
  bytes: number;
  /** Seconds it took to build the input when it was last built. */
  prepSeconds: number;
  /** True when it was already in the cache at the start of this run. */
  cached: boolean;
  details?: Record<string, unknown>;
}

export interface BenchInput {
  id: string;
  description: string;
  /** Runs per operation when --runs is not given. */
  defaultRuns: number;
  /** Ossify's peak RSS must stay below this on this input (MB), if set. */
  ossifyRssLimitMB?: number;
  /** Returns the cached input, building it first when it is missing. */
  prepare(ctx: InputContext): Promise<PreparedInput>;
}

/** One timed step: the command plus what to read into the page cache before it. */
export interface Step {
  command: Command;
  /** Paths whose files are read (untimed) after `sync` so both tools start equally warm. */
  warm: string[];
}

export interface CaseContext {
  input: PreparedInput;
  /** An empty directory for this side and run; removed after the run. */
  work: string;
  /** A command line running the compiled ossify CLI. */
  ossify(args: string[]): Command;
  /** Runs an untimed helper command; a failure aborts the benchmark with its stderr. */
  exec(argv: string[]): Promise<string>;
  /**
   * A fixture shared by all runs and cases of this input (e.g. a bare repo holding the
   * input's commit), built once on first use in its own directory and never timed.
   * Users must not modify it.
   */
  fixture(key: string, build: (dir: string) => Promise<void>): Promise<string>;
}

export interface BenchCase {
  /** Stable id, used in JSON and by --only (e.g. 'commit-bare'). */
  id: string;
  /** Row label (e.g. 'bare commit'). */
  op: string;
  /** Extra names --only accepts (e.g. ['commit'] selects both commit cases). */
  groups: string[];
  peer: Peer;
  /** Pass when ossify time / peer time <= target. */
  target: number;
  /** Ids of the inputs this case runs on. */
  inputs: string[];
  /** Untimed preparation in ctx.work; returns the command to time for this side. */
  setup(side: Side, ctx: CaseContext): Promise<Step>;
}
