// The command table: every CLI command, in the order `ossify --help` lists them.
// Add a command by writing cli/commands/<name>.ts and one line here.
import type { CliCommand } from '../command.js';
import { repoInit } from './repo-init.js';
import { repoCommit } from './repo-commit.js';
import { repoCheckout } from './repo-checkout.js';
import { repoLs } from './repo-ls.js';
import { repoCat } from './repo-cat.js';
import { repoShow } from './repo-show.js';
import { repoLog } from './repo-log.js';
import { repoRefs } from './repo-refs.js';
import { repoRevParse } from './repo-rev-parse.js';
import { repoDiff } from './repo-diff.js';
import { repoFsck } from './repo-fsck.js';
import { repoPrune } from './repo-prune.js';

export const commands: CliCommand<any>[] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
  repoInit,
  repoCommit,
  repoCheckout,
  repoLs,
  repoCat,
  repoShow,
  repoLog,
  repoRefs,
  repoRevParse,
  repoDiff,
  repoFsck,
  repoPrune,
];
import { sysrootInitCommand } from './sysroot-init.js';
import { deployCommand } from './deploy.js';
import { statusCommand } from './status.js';
import { rollbackCommand } from './rollback.js';
import { pinCommand } from './pin.js';
import { unpinCommand } from './unpin.js';
import { undeployCommand } from './undeploy.js';
import { cleanupCommand } from './cleanup.js';
import { kargsCommand } from './kargs.js';
import { etcDiffCommand } from './etc-diff.js';
import { verifyCommand } from './verify.js';
commands.push(sysrootInitCommand, deployCommand, statusCommand, rollbackCommand, pinCommand, unpinCommand, undeployCommand, cleanupCommand, kargsCommand, etcDiffCommand, verifyCommand);
import { composeCommand } from './compose.js';
import { composeSchemaCommand } from './compose-schema.js';
commands.push(composeCommand, composeSchemaCommand);
