// Builds a new deployment directory next to the live ones; nothing boots it yet.
// Checkout (hardlinks from the bare repository), /etc merge against the merge
// deployment, /var seeding, .origin, then the immutable flag. Any failure
// removes the half-built directory; a crash leaves it for cleanup.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OssifyError, wrapIoError } from '../core/errors.js';
import { renderKeyfile, type Keyfile } from '../core/keyfile.js';
import { crashPoint } from './crash-point.js';
import { applyEtcMerge, type EtcConflict } from './apply-etc-merge.js';
import { removeDeploymentDir } from './cleanup-leftovers.js';
import { OSSIFY_GROUP, type Deployment } from './deployment.js';
import { findKernel } from './find-kernel.js';
import { setImmutable } from './immutable.js';
import { deployName, deploymentPath, originPath, stateRootPath, type DeploymentId } from './layout.js';
import { planEtcMerge } from './plan-etc-merge.js';
import { checkoutCommit, type Repo } from './repo-port.js';
import { scanEtc } from './scan-etc.js';
import { lstatNoSymlink } from './no-symlink-path.js';
import { seedVar } from './seed-var.js';

export interface PrepareInput {
  sysroot: string;
  repo: Repo;
  id: DeploymentId;
  refspec: string;
  /** The deployment whose /etc carries local changes forward (null: first deployment). */
  merge: Deployment | null;
  kernelArgs: string[];
}

export interface Prepared {
  deployment: Deployment;
  conflicts: EtcConflict[];
}

export async function writeOrigin(file: string, origin: Keyfile): Promise<void> {
  writeFileSync(file + '.tmp', renderKeyfile(origin));
  renameSync(file + '.tmp', file);
}

export async function prepareDeployment(input: PrepareInput): Promise<Prepared> {
  const { sysroot, id } = input;
  const dir = deploymentPath(sysroot, id);
  const label = `deployment ${deployName(id)}`;
  try {
    await checkoutCommit(input.repo, id.checksum, dir);
    crashPoint('deploy:after-checkout');
    const kernel = findKernel(dir, `commit ${id.checksum}`);

    // Legacy trees ship /etc at the top: it is the defaults, so it becomes /usr/etc.
    const usrEtc = path.join(dir, 'usr', 'etc');
    for (const rel of ['etc', 'usr/etc']) {
      const st = lstatNoSymlink(dir, rel, `commit ${id.checksum}`);
      if (st && !st.isDirectory()) {
        throw new OssifyError(
          'ERR_OSSIFY_DEPLOYMENT',
          `/${rel} of commit ${id.checksum} is not a directory`,
          {
            hint: 'ship default configuration as a real /usr/etc directory',
            subject: rel,
          },
        );
      }
    }
    if (existsSync(path.join(dir, 'etc'))) {
      if (existsSync(usrEtc)) {
        throw new OssifyError('ERR_OSSIFY_DEPLOYMENT', `commit ${id.checksum} has both /etc and /usr/etc`, {
          hint: 'commit default configuration as /usr/etc only',
        });
      }
      renameSync(path.join(dir, 'etc'), usrEtc);
    }

    const m = input.merge;
    const mergeDir = m ? deploymentPath(sysroot, m) : null;
    const oldDefaults = mergeDir ? path.join(mergeDir, 'usr', 'etc') : null;
    const current = mergeDir ? path.join(mergeDir, 'etc') : null;
    const mergeLabel = m ? `deployment ${deployName(m)}` : '';
    if (current && !existsSync(current)) {
      // Merging against a missing /etc would read as "the admin deleted everything".
      throw new OssifyError('ERR_OSSIFY_DEPLOYMENT', `${mergeLabel} has no /etc to carry forward`, {
        hint: 'the sysroot is damaged; restore that /etc (e.g. copy its usr/etc) or undeploy it first',
        subject: current,
      });
    }
    const actions = planEtcMerge(
      oldDefaults ? scanEtc(oldDefaults, `/usr/etc of ${mergeLabel}`) : new Map(),
      current ? scanEtc(current, `/etc of ${mergeLabel}`) : new Map(),
      scanEtc(usrEtc, `/usr/etc of ${label}`),
    );
    const conflicts = applyEtcMerge(
      { oldDefaults, current, newDefaults: usrEtc, dest: path.join(dir, 'etc') },
      actions,
    );
    crashPoint('deploy:after-etc');

    const sharedVar = path.join(stateRootPath(sysroot, id.osname), 'var');
    mkdirSync(sharedVar, { recursive: true });
    seedVar(path.join(dir, 'var'), sharedVar);
    if (!existsSync(path.join(dir, 'var'))) mkdirSync(path.join(dir, 'var'));

    const origin: Keyfile = new Map([['origin', new Map([['refspec', input.refspec]])]]);
    const notes = new Map([['deployed', new Date().toISOString()]]);
    if (conflicts.length) notes.set('etc-conflicts', conflicts.map((c) => c.path).join(';'));
    origin.set(OSSIFY_GROUP, notes);
    await writeOrigin(originPath(sysroot, id), origin);
    crashPoint('deploy:after-origin');
    setImmutable(dir, true);

    const deployment: Deployment = {
      ...id,
      bootChecksum: kernel.bootChecksum,
      kernelVersion: kernel.version,
      kernelArgs: input.kernelArgs,
      origin,
    };
    return { deployment, conflicts };
  } catch (err) {
    // Nothing boots this directory yet; take it away so the error leaves no trace.
    removeDeploymentDir(dir);
    rmSync(originPath(sysroot, id), { force: true });
    rmSync(originPath(sysroot, id) + '.tmp', { force: true });
    wrapIoError(err, `preparing ${label}`);
  }
}
