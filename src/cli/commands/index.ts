// The command table: every CLI command, in the order `ossify --help` lists them.
// Entries load their module on demand, so `ossify repo checkout` never pays for
// compose's YAML and schema libraries and `ossify --version` loads none of them.
// Add a command by writing cli/commands/<name>.ts and one entry here:
//   entry(['words', 'of', 'it'], () => import('./file.js'), 'exportName')
import type { CliCommand } from '../command.js';

export interface CommandEntry {
  path: string[];
  load(): Promise<CliCommand<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

function entry(path: string[], load: () => Promise<Record<string, unknown>>, name: string): CommandEntry {
  return {
    path,
    load: async () => (await load())[name] as CliCommand<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  };
}

export const commands: CommandEntry[] = [
  entry(['repo', 'init'], () => import('./repo-init.js'), 'repoInit'),
  entry(['repo', 'commit'], () => import('./repo-commit.js'), 'repoCommit'),
  entry(['repo', 'checkout'], () => import('./repo-checkout.js'), 'repoCheckout'),
  entry(['repo', 'ls'], () => import('./repo-ls.js'), 'repoLs'),
  entry(['repo', 'cat'], () => import('./repo-cat.js'), 'repoCat'),
  entry(['repo', 'show'], () => import('./repo-show.js'), 'repoShow'),
  entry(['repo', 'log'], () => import('./repo-log.js'), 'repoLog'),
  entry(['repo', 'refs'], () => import('./repo-refs.js'), 'repoRefs'),
  entry(['repo', 'rev-parse'], () => import('./repo-rev-parse.js'), 'repoRevParse'),
  entry(['repo', 'diff'], () => import('./repo-diff.js'), 'repoDiff'),
  entry(['repo', 'fsck'], () => import('./repo-fsck.js'), 'repoFsck'),
  entry(['repo', 'prune'], () => import('./repo-prune.js'), 'repoPrune'),
  entry(['sysroot', 'init'], () => import('./sysroot-init.js'), 'sysrootInitCommand'),
  entry(['deploy'], () => import('./deploy.js'), 'deployCommand'),
  entry(['status'], () => import('./status.js'), 'statusCommand'),
  entry(['rollback'], () => import('./rollback.js'), 'rollbackCommand'),
  entry(['pin'], () => import('./pin.js'), 'pinCommand'),
  entry(['unpin'], () => import('./unpin.js'), 'unpinCommand'),
  entry(['undeploy'], () => import('./undeploy.js'), 'undeployCommand'),
  entry(['cleanup'], () => import('./cleanup.js'), 'cleanupCommand'),
  entry(['kargs'], () => import('./kargs.js'), 'kargsCommand'),
  entry(['etc', 'diff'], () => import('./etc-diff.js'), 'etcDiffCommand'),
  entry(['verify'], () => import('./verify.js'), 'verifyCommand'),
  entry(['compose'], () => import('./compose.js'), 'composeCommand'),
  entry(['compose', 'schema'], () => import('./compose-schema.js'), 'composeSchemaCommand'),
];

/**
 * The entries a command line needs: the ones its leading words name (with their
 * parents, so `compose schema` brings `compose`), or all of them for help and
 * unknown words.
 */
export function entriesFor(argv: string[]): CommandEntry[] {
  const words = argv.filter((a) => !a.startsWith('-'));
  if (words.length === 0 && (argv.includes('--version') || argv.includes('-V'))) return [];
  const matches = commands.filter((c) => c.path.every((w, i) => words[i] === w));
  if (matches.length === 0 || argv.includes('--help') || argv.includes('-h')) return commands;
  const longest = Math.max(...matches.map((m) => m.path.length));
  const chosen = matches.filter((m) => m.path.length === longest);
  // keep ancestors (e.g. `compose` for `compose schema`) so commander can nest them
  return commands.filter((c) => chosen.includes(c) || chosen.some((m) => c.path.every((w, i) => m.path[i] === w)));
}
commands.push(entry(['upgrade'], () => import('./upgrade.js'), 'upgradeCommand'));
