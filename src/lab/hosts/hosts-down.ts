// Takes a hosts lab apart: every process inside a node's network namespace (its
// holder, sshd, sessions, ST processes), the namespaces with their veth pairs and
// mounts, the bridge, the accounts, the sudoers rule and /var/lib/st-lab/ID.
import { rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { isAlive, killPid, waitUntil } from '../sim/proc.js';
import type { LabState } from '../types.js';
import { removeAccounts } from './accounts.js';
import { HOSTS_BASE } from './hosts-up.js';
import { removeNetwork } from './net.js';
import { pidsInNetns } from './pids.js';
import { run } from './run.js';

async function sweep(netns: string): Promise<number[]> {
  for (const sig of ['SIGTERM', 'SIGKILL'] as const) {
    for (const pid of pidsInNetns(netns)) {
      try {
        process.kill(pid, sig);
      } catch {
        // gone already
      }
    }
    if (await waitUntil(() => pidsInNetns(netns).every((p) => !isAlive(p)), sig === 'SIGTERM' ? 3000 : 5000, 20)) return [];
  }
  return pidsInNetns(netns).filter((p) => isAlive(p));
}

/** Removes what exists of a hosts lab; throws listing whatever could not be removed. */
export async function hostsDown(state: LabState): Promise<void> {
  const hosts = state.hosts!;
  const left: string[] = [];
  // No new sessions first, then the nodes' processes, each by pid and marker.
  await Promise.all(state.nodes.map((n) => (n.host ? killPid(n.host.pids.sshd, path.join(n.root, '.sshd'), { graceMs: 3000 }) : Promise.resolve(true))));
  for (const node of state.nodes) {
    if (!node.host) continue;
    const stubborn = await sweep(node.host.netns);
    if (stubborn.length > 0) left.push(`processes ${stubborn.join(', ')} in ${node.host.netns}`);
    if (!(await killPid(node.host.pids.holder, node.root, { force: true }))) left.push(`holder ${node.host.pids.holder} of ${node.name}`);
  }
  const links = state.nodes.flatMap((n) => (n.host ? [{ netns: n.host.netns, veth: n.host.veth, address: n.address }] : []));
  left.push(...removeNetwork(hosts.bridge, links, hosts.claim));
  left.push(...removeAccounts(hosts));
  if (hosts.madeNetnsMount && run('ip', ['netns', 'list']).out === '') run('umount', ['/run/netns']);
  rmSync(hosts.base, { recursive: true, force: true });
  try {
    rmdirSync(HOSTS_BASE);
  } catch {
    // another lab's nodes are still there
  }
  if (left.length > 0) throw new Error(`lab down: could not remove ${left.join('; ')}; ${state.dir} is kept so that lab down can try again`);
}
