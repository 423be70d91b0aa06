// Runs a command inside a composed tree with bubblewrap: the tree is the root,
// fresh /dev, /proc, /tmp and /run, and no network unless asked for (scripts
// never get it, so a build cannot depend on what the network says today).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runTool, type ToolResult } from './run-tool.js';

export interface RunInTreeOptions {
  network?: boolean;
  env?: Record<string, string>;
  input?: string;
  onLine?: (line: string) => void;
}

export function bwrapArgs(root: string, network: boolean, env: Record<string, string>): string[] {
  const args = [
    '--bind',
    root,
    '/',
    '--dev',
    '/dev',
    '--proc',
    '/proc',
    '--perms',
    '1777',
    '--tmpfs',
    '/tmp',
    '--tmpfs',
    '/run',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--die-with-parent',
    '--clearenv',
  ];
  if (!network) args.push('--unshare-net');
  else if (existsSync('/etc/resolv.conf')) args.push('--ro-bind', '/etc/resolv.conf', '/etc/resolv.conf');
  const base: Record<string, string> = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: '/root',
    LC_ALL: 'C.UTF-8',
    DEBIAN_FRONTEND: 'noninteractive',
    SOURCE_DATE_EPOCH: env.SOURCE_DATE_EPOCH ?? '0',
  };
  for (const [k, v] of Object.entries({ ...base, ...env })) args.push('--setenv', k, v);
  return args;
}

export function runInTree(root: string, argv: string[], opts: RunInTreeOptions = {}): Promise<ToolResult> {
  const args = [...bwrapArgs(path.resolve(root), opts.network === true, opts.env ?? {}), '--', ...argv];
  return runTool('bwrap', args, { input: opts.input, onLine: opts.onLine });
}
