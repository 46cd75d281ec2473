import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { sshOptionAllowList } from '../answers/schema.js';
import type { NodeAnswers } from '../answers/schema.js';
import type { SshTarget } from './ssh-errors.js';
import { shellQuote } from './ssh-quote.js';
import { AdapterError } from './types.js';

/** Per-run choices the CLI makes for every ssh node (not per-node answers). */
export interface SshRuntimeOptions {
  /** --accept-new-host-keys: trust a key seen for the first time (never a changed one). */
  acceptNewHostKeys?: boolean;
  /** A dry run: keys accepted on first use go to a temporary copy of known_hosts, never the real file. */
  dryRun?: boolean;
  /** Called when a new host key was trusted (of the node, or of its bastion), so the run can record it. */
  onHostKeyAccepted?: (event: { node: string; host: string; port: number; fingerprints: string[]; knownHostsFile: string; bastion?: boolean; dryRun?: boolean }) => void;
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
  /** The ProxyJump bastion, reached by an explicit ProxyCommand that logs to logFile. */
  bastion?: { target: SshTarget; logFile: string };
}

const resolveFile = (baseDir: string, file: string): string =>
  file.startsWith('~/') ? path.join(homedir(), file.slice(2)) : path.resolve(baseDir, file);

const ALLOWED = new Set<string>(sshOptionAllowList);

interface Hop {
  host: string;
  port: number;
  user?: string;
  identityFile?: string;
  knownHostsFile?: string;
}

/** The string form "[user@]host[:port]"; several hops are refused (each must be verified like a node). */
function bastionHop(node: string, jump: NonNullable<SshSettings['proxyJump']>, settings: SshSettings): Hop {
  const bad = (what: string): AdapterError =>
    new AdapterError(node, 'other', `node ${node}: ssh.proxyJump ${what}`, `Give one bastion as "user@host:port" or {host, user, port, identityFile, knownHostsFile} in the ssh settings of node ${node}.`);
  let hop: Hop;
  if (typeof jump === 'string') {
    if (jump.includes(',')) throw bad(`"${jump}" lists several hops; st-cluster verifies one bastion`);
    const match = /^(?:([^@\s]+)@)?([^@:\s]+)(?::(\d+))?$/.exec(jump);
    if (!match) throw bad(`"${jump}" is not [user@]host[:port]`);
    hop = { host: match[2]!, port: match[3] ? Number(match[3]) : 22, ...(match[1] ? { user: match[1] } : {}) };
  } else {
    hop = { host: jump.host, port: jump.port ?? 22, ...(jump.user ? { user: jump.user } : {}), ...(jump.identityFile ? { identityFile: jump.identityFile } : {}), ...(jump.knownHostsFile ? { knownHostsFile: jump.knownHostsFile } : {}) };
  }
  if (hop.host.startsWith('-') || /\s/.test(hop.host)) throw bad(`host "${hop.host}" is not a host name`);
  if (hop.user?.startsWith('-')) throw bad(`user "${hop.user}" is not a user name`);
  // Unset keys are the node's: the bastion is checked against the same known_hosts and key unless told otherwise.
  return { identityFile: settings.identityFile, knownHostsFile: settings.knownHostsFile, ...hop };
}

/** A dry run must not write known_hosts: accept-new then writes into a private copy. */
function knownHostsFor(file: string | undefined, runtime: SshRuntimeOptions, scratch: () => string, name: string): { given?: string; used?: string } {
  if (!(runtime.dryRun && runtime.acceptNewHostKeys)) return { ...(file ? { given: file, used: file } : {}) };
  const real = file ?? path.join(homedir(), '.ssh/known_hosts');
  const copy = path.join(scratch(), `${name}.known_hosts`);
  if (existsSync(real)) copyFileSync(real, copy);
  else writeFileSync(copy, '', { mode: 0o600 });
  return { ...(file ? { given: file } : {}), used: copy };
}

// ssh runs ProxyCommand through /bin/sh and expands %-tokens in it.
const proxyWord = (word: string): string => shellQuote(word).replace(/%/g, '%%');

/** Turns a node's ssh answers into the ssh command line; refuses anything that could weaken it. */
export function planSsh(node: string, address: string, settings: SshSettings, baseDir: string, runtime: SshRuntimeOptions, scratch: () => string = () => mkdtempSync(path.join(tmpdir(), 'st-ssh-'))): SshPlan {
  const host = settings.host ?? address;
  const port = settings.port ?? 22;
  const connectTimeout = settings.connectTimeout ?? 10;
  const bad = (what: string): AdapterError => new AdapterError(node, 'other', `node ${node}: ${what}`, `Correct the ssh settings of node ${node} in the answers file.`);
  if (host.startsWith('-') || /\s/.test(host)) throw bad(`ssh host "${host}" is not a host name`);
  if (settings.user?.startsWith('-')) throw bad(`ssh.user "${settings.user}" is not a user name`);
  const hostKeyPolicy = runtime.acceptNewHostKeys ? 'accept-new' : 'strict';
  const ssh = runtime.sshBinary ?? 'ssh';
  // What every hop gets: no prompts, strict (or accept-new, never "no") host key checking.
  const common = (hop: { port: number; knownHostsFile?: string; identityFile?: string; user?: string }): string[] => {
    const args: string[] = [];
    if (runtime.configFile) args.push('-F', runtime.configFile);
    args.push('-o', 'BatchMode=yes', '-o', `StrictHostKeyChecking=${hostKeyPolicy === 'accept-new' ? 'accept-new' : 'yes'}`, '-o', `ConnectTimeout=${connectTimeout}`, '-p', String(hop.port));
    if (hop.knownHostsFile) args.push('-o', `UserKnownHostsFile=${hop.knownHostsFile}`);
    if (hop.identityFile) args.push('-i', hop.identityFile, '-o', 'IdentitiesOnly=yes');
    if (hop.user) args.push('-l', hop.user);
    return args;
  };
  const nodeKnown = knownHostsFor(settings.knownHostsFile ? resolveFile(baseDir, settings.knownHostsFile) : undefined, runtime, scratch, 'node');
  const args = ['-T', ...common({ port, ...(nodeKnown.used ? { knownHostsFile: nodeKnown.used } : {}), ...(settings.identityFile ? { identityFile: resolveFile(baseDir, settings.identityFile) } : {}), ...(settings.user ? { user: settings.user } : {}) })];
  let bastion: SshPlan['bastion'];
  if (settings.proxyJump) {
    const hop = bastionHop(node, settings.proxyJump, settings);
    const known = knownHostsFor(hop.knownHostsFile ? resolveFile(baseDir, hop.knownHostsFile) : undefined, runtime, scratch, 'bastion');
    const logFile = path.join(scratch(), 'bastion.log');
    const proxy = [ssh, ...common({ port: hop.port, ...(known.used ? { knownHostsFile: known.used } : {}), ...(hop.identityFile ? { identityFile: resolveFile(baseDir, hop.identityFile) } : {}), ...(hop.user ? { user: hop.user } : {}) })];
    // -v -E: the bastion's own diagnostics (its host key, its refusals) go to a file of their own, to be named as the bastion's.
    proxy.push('-o', 'ClearAllForwardings=yes', '-v', '-E', logFile, '-W', '%h:%p', '--', hop.host);
    args.push('-o', `ProxyCommand=${proxy.map((w, i) => (i > 0 && w === '%h:%p' ? w : proxyWord(w))).join(' ')}`);
    bastion = { target: { node, host: hop.host, port: hop.port, ...(hop.user ? { user: hop.user } : {}), ...(known.given ? { knownHostsFile: known.given } : {}), connectTimeout, bastion: true }, logFile };
  }
  const options = { ServerAliveInterval: '15', ServerAliveCountMax: '3', ...settings.options };
  for (const [key, value] of Object.entries(options)) {
    if (!ALLOWED.has(key)) throw bad(`ssh option ${key} is not on the allow-list (${sshOptionAllowList.join(', ')})`);
    if (/[\s\0]/.test(value)) throw bad(`ssh option ${key} has a value with white space`);
    args.push('-o', `${key}=${value}`);
  }
  return {
    target: { node, host, port, ...(settings.user ? { user: settings.user } : {}), ...(nodeKnown.given ? { knownHostsFile: nodeKnown.given } : {}), connectTimeout },
    ssh,
    args,
    destination: host,
    hostKeyPolicy,
    ...(bastion ? { bastion } : {}),
  };
}
