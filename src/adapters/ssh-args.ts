import { homedir } from 'node:os';
import path from 'node:path';
import { sshOptionAllowList } from '../answers/schema.js';
import type { NodeAnswers } from '../answers/schema.js';
import type { SshTarget } from './ssh-errors.js';
import { AdapterError } from './types.js';

/** Per-run choices the CLI makes for every ssh node (not per-node answers). */
export interface SshRuntimeOptions {
  /** --accept-new-host-keys: trust a key seen for the first time (never a changed one). */
  acceptNewHostKeys?: boolean;
  /** Called when a new host key was trusted, so the run can journal it. */
  onHostKeyAccepted?: (event: { node: string; host: string; port: number; fingerprints: string[] }) => void;
  /** Passed as "ssh -F": e.g. "none" to ignore ~/.ssh/config (tests). */
  configFile?: string;
  /** The ssh client binary (default "ssh" on PATH). */
  sshBinary?: string;
}

export type SshSettings = NonNullable<NodeAnswers['ssh']>;

export interface SshPlan {
  target: SshTarget;
  ssh: string;
  /** Options shared by the master and every session (no ControlPath, no destination). */
  args: string[];
  destination: string;
  hostKeyPolicy: 'strict' | 'accept-new';
}

const resolveFile = (baseDir: string, file: string): string =>
  file.startsWith('~/') ? path.join(homedir(), file.slice(2)) : path.resolve(baseDir, file);

const ALLOWED = new Set<string>(sshOptionAllowList);

/** Turns a node's ssh answers into the ssh command line; refuses anything that could weaken it. */
export function planSsh(node: string, address: string, settings: SshSettings, baseDir: string, runtime: SshRuntimeOptions): SshPlan {
  const host = settings.host ?? address;
  const port = settings.port ?? 22;
  const connectTimeout = settings.connectTimeout ?? 10;
  const bad = (what: string): AdapterError => new AdapterError(node, 'other', `node ${node}: ${what}`, `Correct the ssh settings of node ${node} in the answers file.`);
  if (host.startsWith('-') || /\s/.test(host)) throw bad(`ssh host "${host}" is not a host name`);
  if (settings.user?.startsWith('-')) throw bad(`ssh.user "${settings.user}" is not a user name`);
  const hostKeyPolicy = runtime.acceptNewHostKeys ? 'accept-new' : 'strict';
  const args: string[] = [];
  if (runtime.configFile) args.push('-F', runtime.configFile);
  args.push(
    '-T',
    '-o', 'BatchMode=yes',
    '-o', `StrictHostKeyChecking=${hostKeyPolicy === 'accept-new' ? 'accept-new' : 'yes'}`,
    '-o', `ConnectTimeout=${connectTimeout}`,
    '-p', String(port),
  );
  const knownHostsFile = settings.knownHostsFile ? resolveFile(baseDir, settings.knownHostsFile) : undefined;
  if (knownHostsFile) args.push('-o', `UserKnownHostsFile=${knownHostsFile}`);
  if (settings.identityFile) args.push('-i', resolveFile(baseDir, settings.identityFile), '-o', 'IdentitiesOnly=yes');
  if (settings.user) args.push('-l', settings.user);
  if (settings.proxyJump) args.push('-J', settings.proxyJump);
  const options = { ServerAliveInterval: '15', ServerAliveCountMax: '3', ...settings.options };
  for (const [key, value] of Object.entries(options)) {
    if (!ALLOWED.has(key)) throw bad(`ssh option ${key} is not on the allow-list (${sshOptionAllowList.join(', ')})`);
    if (/[\s\0]/.test(value)) throw bad(`ssh option ${key} has a value with white space`);
    args.push('-o', `${key}=${value}`);
  }
  return {
    target: { node, host, port, user: settings.user, knownHostsFile, connectTimeout },
    ssh: runtime.sshBinary ?? 'ssh',
    args,
    destination: host,
    hostKeyPolicy,
  };
}
