// Hosts labs for the tests (README "A lab of real hosts"): every node its own
// namespaces and sshd. A machine without the parts FAILS these tests, naming
// what is missing: there is no silent skip (.ci/run installs the packages).
import { execa } from 'execa';
import { existsSync, lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hostsUnavailable, labDown, labUp } from '../../src/lab/index.js';
import type { LabHosts, LabInfo, LabNode, LabOptions } from '../../src/lab/types.js';
import { afterAll, beforeAll, expect } from 'vitest';
import { startCli, type CliChild } from '../journal/cli-child.js';
import { clusterNodeRows, onlineNodes, taehChecksums } from './cluster-state.js';
import { runCli } from './lab.js';

const missing = hostsUnavailable();

/** Throws what this machine lacks for a hosts lab; call it first in every hosts test. */
export function requireHosts(): void {
  if (missing) throw new Error(`this test needs a hosts lab, and this machine cannot make one: ${missing} (.ci/run installs sudo, iproute2, openssh-server)`);
}

export type HostsLab = LabInfo & { hosts: LabHosts; down(): Promise<void> };

export async function startHostsLab(options: Partial<LabOptions> = {}): Promise<HostsLab> {
  requireHosts();
  const dir = await mkdtemp(path.join(tmpdir(), 'st-hosts-'));
  const info = await labUp({ dir: path.join(dir, 'lab'), nodes: 3, hosts: true, name: 'lab', ...options });
  let down = false;
  return {
    ...info, hosts: info.hosts!,
    down: async () => {
      if (down) return;
      down = true;
      await labDown(info.dir);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A command on the node over its own sshd, as the operator (BatchMode, strict host keys, the lab's known_hosts). */
export function onNode(lab: HostsLab, node: LabNode, command: string, timeoutMs = 20_000) {
  const { identityFile, knownHostsFile, operator } = lab.hosts;
  return execa('ssh', ['-T', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${knownHostsFile}`, '-o', 'ConnectTimeout=3', '-i', identityFile, '-o', 'IdentitiesOnly=yes', '-l', operator, node.address, command], { reject: false, timeout: timeoutMs });
}

const lines = async (cmd: string, args: string[]): Promise<string[]> => (await execa(cmd, args, { reject: false })).stdout.split('\n');

/** Whatever of the lab is still on this machine, as ip, findmnt, getent and ps show it. */
export async function leftovers(lab: { hosts: LabHosts; nodes: LabNode[] }): Promise<string[]> {
  const { id, operator, stAccount, sudoersFile, base, bridge, claim } = lab.hosts;
  const mine = (l: string): boolean => l.includes(id) || lab.nodes.some((n) => l.includes(n.root));
  const found = [
    ...(await lines('ip', ['netns', 'list'])).filter(mine).map((l) => `netns ${l}`),
    ...(await lines('ip', ['-o', 'link', 'show'])).filter((l) => l.includes(bridge) || l.includes(`stv${id}`)).map((l) => `link ${l}`),
    ...(await lines('findmnt', ['-rn', '-o', 'TARGET,SOURCE'])).filter(mine).map((l) => `mount ${l}`),
    ...(await lines('getent', ['passwd'])).filter((l) => l.startsWith(`${operator}:`) || l.startsWith(`${stAccount}:`)).map((l) => `account ${l}`),
    ...(await lines('ps', ['-eo', 'pid=,args='])).filter(mine).map((l) => `process ${l.trim()}`),
  ];
  for (const file of [sudoersFile, base, claim]) if (existsSync(file)) found.push(`file ${file}`);
  return found;
}

export const labJson = (lab: LabInfo): { topology: string; nodes: LabNode[]; pg: { pid: number } | null } => JSON.parse(readFileSync(path.join(lab.dir, 'lab.json'), 'utf8')) as never;

/** `st-cluster lab fault KIND` on the lab (and node), through the CLI. */
export const fault = (lab: HostsLab, kind: string, node?: string) => runCli(['lab', 'fault', kind, '--dir', lab.dir, ...(node ? ['--node', node] : [])]);

/** Answers that notice a lost link within seconds, not the production default's 45 s. */
export function quickLinkLoss(lab: HostsLab): void {
  const answers = parse(readFileSync(lab.answersFile, 'utf8')) as { nodes: { ssh: Record<string, unknown> }[] };
  for (const node of answers.nodes) Object.assign(node.ssh, { connectTimeout: 2, options: { ServerAliveInterval: '1', ServerAliveCountMax: '2' } });
  writeFileSync(lab.answersFile, stringify(answers));
}

/** The uid of an account of this machine (the lab's accounts are in its /etc/passwd). */
export function uidOf(account: string): number {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${account}:`));
  if (!line) throw new Error(`no account ${account} in /etc/passwd`);
  return Number(line.split(':')[2]);
}

export interface NodeFile {
  file: string;
  uid: number;
  mode: number;
  mtimeMs: number;
  dir: boolean;
}

// What the lab itself keeps in a node's root (its sshd's key and log, its simulation's pids), not placed by st-cluster.
const LAB_OWN = new Set(['.sshd', '.lab']);

/** Every path under each node's root and the shared FS, lstat'ed (links not followed). */
export function nodeFiles(lab: HostsLab): NodeFile[] {
  const found: NodeFile[] = [];
  const walk = (dir: string, top: boolean): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (top && LAB_OWN.has(entry.name)) continue;
      const file = path.join(dir, entry.name);
      const st = lstatSync(file);
      found.push({ file, uid: st.uid, mode: st.mode & 0o7777, mtimeMs: st.mtimeMs, dir: entry.isDirectory() });
      if (entry.isDirectory()) walk(file, false);
    }
  };
  for (const node of lab.nodes) walk(node.root, true);
  walk(lab.hosts.shared, false);
  return found;
}

/** What appeared since `before`, and the files (not directories: a directory changes when a child comes or goes) written since. */
export function placedSince(lab: HostsLab, before: readonly NodeFile[]): NodeFile[] {
  const old = new Map(before.map((f) => [f.file, f]));
  return nodeFiles(lab).filter((f) => {
    const was = old.get(f.file);
    return !was || (!f.dir && f.mtimeMs !== was.mtimeMs);
  });
}

/** The files of the nodes and the shared FS that hold the lab's DB or Admin password. */
export function secretsOnNodes(lab: HostsLab): NodeFile[] {
  const secrets = [lab.dbPasswordFile, lab.adminPasswordFile].map((f) => readFileSync(f, 'utf8').trim());
  return nodeFiles(lab).filter((f) => {
    if (f.dir || !lstatSync(f.file).isFile()) return false;
    const text = readFileSync(f.file, 'latin1');
    return secrets.some((s) => text.includes(s));
  });
}

const readIfThere = (file: string): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');

/**
 * The node's own record of its installer runs (the lab installer's install.log beside the install dir):
 * how many completed, how many were refused because an install was already there (a second install),
 * and whether one began while another was still running.
 */
export function installsOn(node: LabNode): { completed: number; overAnInstall: number; overlapped: boolean } {
  const lines = readIfThere(path.join(node.root, 'opt', 'Axway', 'install.log')).split('\n');
  let running = false;
  let overlapped = false;
  for (const line of lines) {
    if (/ Installing SecureTransport into /.test(line)) {
      overlapped ||= running;
      running = true;
    } else if (/ Installation (complete|failed: )/.test(line)) running = false;
  }
  return {
    completed: lines.filter((l) => / Installation complete$/.test(l)).length,
    overAnInstall: lines.filter((l) => / Installation failed: .*(is not empty|already holds)/.test(l)).length,
    overlapped,
  };
}

/**
 * Healthy: every node Online and registered, one taeh everywhere; and no second install on any node: one
 * completed install each, never one over an install or beside a running one (an install a fault made fail
 * cleanly, e.g. its database cut off by a partition, may be followed by the one that completes).
 */
export async function expectHealthyOnce(lab: HostsLab): Promise<void> {
  const names = lab.nodes.map((n) => n.name);
  expect(await onlineNodes(lab)).toEqual(names);
  expect(await clusterNodeRows(lab)).toEqual(lab.nodes.map((n) => n.address).sort());
  const sums = await taehChecksums(lab);
  expect(sums.every((s) => s !== null) && new Set(sums).size === 1, JSON.stringify(sums)).toBe(true);
  const logs = lab.nodes.map((n) => `${n.name}:\n${readIfThere(path.join(n.root, 'opt', 'Axway', 'install.log'))}`).join('\n');
  expect(Object.fromEntries(lab.nodes.map((n) => [n.name, installsOn(n)])), logs).toEqual(Object.fromEntries(names.map((n) => [n, { completed: 1, overAnInstall: 0, overlapped: false }])));
}

export interface RunLab {
  lab: () => HostsLab;
  /** `setup --answers … --yes --json --state-dir LAB/st-state` and more, as a child read event by event. */
  setup: (...more: string[]) => CliChild;
  state: () => string;
}

/** A 3-node hosts lab for the tests of one describe (up before them, down after), with quick link loss. */
export function hostsRunLab(options: Partial<LabOptions> = {}): RunLab {
  let lab: HostsLab | undefined;
  beforeAll(async () => {
    lab = await startHostsLab({ nodes: 3, ...options });
    quickLinkLoss(lab);
  }, 60_000);
  afterAll(async () => lab?.down());
  const state = (): string => path.join(lab!.dir, 'st-state');
  return { lab: () => lab!, state, setup: (...more) => startCli(['setup', '--answers', lab!.answersFile, '--yes', '--json', '--state-dir', state(), ...more]) };
}
