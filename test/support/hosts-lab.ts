// Hosts labs for the tests (README "A lab of real hosts"): every node its own
// namespaces and sshd. A machine without the parts FAILS these tests, naming
// what is missing: there is no silent skip (.ci/run installs the packages).
import { execa } from 'execa';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hostsUnavailable, labDown, labUp } from '../../src/lab/index.js';
import type { LabHosts, LabInfo, LabNode, LabOptions } from '../../src/lab/types.js';
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
  const info = await labUp({ dir: path.join(dir, 'lab'), nodes: 3, hosts: true, ...options });
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
