// The steps of a compose, as data. planCompose() builds them purely from the
// manifest and the lock; applyComposePlan() (apply-compose-plan.ts) does the I/O.
import type { ManifestGroup, ManifestUser } from './manifest-schema.js';
import type { PackageEntry } from './package-entry.js';

export type ComposePhase = 'bootstrap' | 'install' | 'files' | 'scripts' | 'shaping' | 'commit';

export interface PlannedFile {
  path: string;
  /** Inline content, or an absolute source path resolved against the manifest's folder. */
  content?: string;
  source?: string;
  mode: number;
  owner: string;
  group: string;
}

export interface PlannedScript {
  name: string;
  run: string;
}

export type ComposeStep =
  | {
      kind: 'bootstrap';
      phase: 'bootstrap';
      suite: string;
      variant: string;
      arch?: string;
      components: string[];
      /** One-line sources entries; null: the machine's apt sources for the suite. */
      mirrors: string[] | null;
      include: string[];
      /** Exact versions from the lock, enforced with apt pins. */
      pins: PackageEntry[];
    }
  | { kind: 'base-tree'; phase: 'bootstrap'; from: 'tarball' | 'directory' | 'ref'; location: string }
  | { kind: 'install'; phase: 'install'; packages: string[]; pins: PackageEntry[] }
  | { kind: 'remove'; phase: 'install'; packages: string[] }
  | { kind: 'files'; phase: 'files'; files: PlannedFile[] }
  | { kind: 'accounts'; phase: 'files'; users: ManifestUser[]; groups: ManifestGroup[] }
  | { kind: 'units'; phase: 'files'; enable: string[]; disable: string[]; mask: string[] }
  | {
      kind: 'system';
      phase: 'files';
      hostname?: string;
      timezone?: string;
      locale?: string;
      kernelArgs: string[];
    }
  | { kind: 'scripts'; phase: 'scripts'; scripts: PlannedScript[] }
  | { kind: 'shape'; phase: 'shaping' }
  | { kind: 'commit'; phase: 'commit'; ref: string; subject: string };

export interface ComposePlan {
  ref: string;
  os: string;
  version: string;
  manifestDigest: string;
  /** SOURCE_DATE_EPOCH and commit timestamp; null until a lock fixes it. */
  timestamp: number | null;
  /** Lock pins are ignored and the lock is rewritten from the result. */
  updateLock: boolean;
  steps: ComposeStep[];
}
