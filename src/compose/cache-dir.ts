// Where compose keeps downloaded packages and apt lists between runs, so a
// second compose of an unchanged package set downloads nothing.
import os from 'node:os';
import path from 'node:path';

/** $OSSIFY_CACHE_DIR, else ${XDG_CACHE_HOME:-~/.cache}/ossify. */
export function ossifyCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.OSSIFY_CACHE_DIR) return path.resolve(env.OSSIFY_CACHE_DIR);
  const xdg =
    env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)
      ? env.XDG_CACHE_HOME
      : path.join(os.homedir(), '.cache');
  return path.join(xdg, 'ossify');
}
