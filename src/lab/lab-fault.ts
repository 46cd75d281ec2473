// `st-cluster lab fault`: failures to rehearse on a running lab (README "Rehearse
// failures"). Each fault does one thing an operator may meet in production and
// says what it did; heal undoes a partition and restarts a killed sshd.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LabUsageError } from './lab-errors.js';
import { nodePids } from './lab-down.js';
import { setLink } from './hosts/net.js';
import { pidsInNetns } from './hosts/pids.js';
import { sshdDir, startNodeSshd } from './hosts/node-host.js';
import { isAlive, killPid } from './sim/proc.js';
import { readState, writeState } from './state.js';
import type { LabNode, LabState } from './types.js';

export const LAB_FAULTS = ['partition', 'heal', 'kill-sshd', 'stop-st', 'restart-db'] as const;
export type LabFault = (typeof LAB_FAULTS)[number];

/** Exit code of argv with stdio ignored: a postmaster that pg_ctl starts must not hold our pipes open. */
const quiet = (argv: string[]): Promise<number | null> =>
  new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', resolve);
  });

function hostNode(state: LabState, name: string | undefined, fault: LabFault): LabNode & { host: NonNullable<LabNode['host']> } {
  if (!name) throw new LabUsageError(`lab fault ${fault} needs --node NAME (${state.nodes.map((n) => n.name).join(', ')})`);
  const node = state.nodes.find((n) => n.name === name);
  if (!node) throw new LabUsageError(`lab fault ${fault}: ${state.dir} has no node ${name}; its nodes are ${state.nodes.map((n) => n.name).join(', ')}`);
  if (fault !== 'stop-st' && !node.host) throw new LabUsageError(`lab fault ${fault} needs a hosts lab (lab up --hosts): the nodes of ${state.dir} are directories of this host, with no network or sshd of their own`);
  return node as never;
}

async function restartDb(state: LabState): Promise<string> {
  const pg = state.pg;
  if (!pg) throw new LabUsageError(`lab fault restart-db restarts the lab's own PostgreSQL; ${state.dir} uses an existing server (--db-url): restart that one yourself`);
  const pgCtl = [path.join(pg.binDir, 'pg_ctl'), 'restart', '-D', pg.dataDir, '-m', 'fast', '-w', '-t', '60', '-l', path.join(path.dirname(pg.dataDir), 'postgres.log')];
  const argv = pg.runAs ? ['runuser', '-u', pg.runAs, '--', ...pgCtl] : pgCtl;
  const code = await quiet(argv);
  if (code !== 0) throw new Error(`lab fault restart-db: pg_ctl restart exited with ${String(code)}; see ${path.join(path.dirname(pg.dataDir), 'postgres.log')}`);
  pg.pid = Number(readFileSync(path.join(pg.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  writeState(state);
  return `PostgreSQL restarted (every session cut; new pid ${pg.pid})`;
}

/** The node's sshd processes (its listener's per-connection children: sshd, sshd-session, sshd-auth), by their command name. */
function sshdSessions(netns: string): number[] {
  return pidsInNetns(netns).filter((pid) => {
    try {
      return /^sshd/.test(readFileSync(`/proc/${pid}/comm`, 'utf8')) && isAlive(pid);
    } catch {
      return false;
    }
  });
}

/** Applies one fault to the lab in dir; returns what it did, for the operator. */
export async function labFault(dir: string, fault: LabFault, nodeName?: string): Promise<string> {
  const state = readState(path.resolve(dir));
  if (!state) throw new LabUsageError(`${path.resolve(dir)} is not a lab directory (no lab.json)`);
  if (!LAB_FAULTS.includes(fault)) throw new LabUsageError(`lab fault ${String(fault)}: the faults are ${LAB_FAULTS.join(', ')}`);
  if (fault === 'restart-db') return restartDb(state);
  const node = hostNode(state, nodeName, fault);
  if (fault === 'partition') {
    setLink({ netns: node.host.netns, veth: node.host.veth, address: node.address }, false);
    return `${node.name} (${node.address}) partitioned: its link ${node.host.veth} is down`;
  }
  if (fault === 'kill-sshd') {
    await killPid(node.host.pids.sshd, sshdDir(node.root), { force: true });
    // Its sessions too (as an sshd stopped with its whole service): the connections a run holds drop, not only new ones.
    const sessions = sshdSessions(node.host.netns);
    for (const pid of sessions) await killPid(pid, undefined, { force: true });
    return `${node.name}: sshd (pid ${node.host.pids.sshd}) and ${sessions.length} session(s) killed; "lab fault heal" starts it again`;
  }
  if (fault === 'stop-st') {
    // The simulator's processes carry the node root in their argv; on a hosts node the pid files hold the node's own pids.
    // The node's own machinery (holder, init, sshd started with R/.sshd/sshd_config) is not SecureTransport.
    const pids = node.host ? pidsInNetns(node.host.netns).filter((p) => ![node.host.pids.holder, node.host.pids.init].includes(p) && !isAlive(p, sshdDir(node.root))) : nodePids(node.root);
    const killed = [];
    for (const pid of pids) if (isAlive(pid, node.root) && (await killPid(pid, node.root, { force: true }))) killed.push(pid);
    return `${node.name}: ${killed.length} SecureTransport process(es) killed with SIGKILL${killed.length ? ` (${killed.join(', ')})` : ''}`;
  }
  setLink({ netns: node.host.netns, veth: node.host.veth, address: node.address }, true);
  const said = [`${node.name}: link ${node.host.veth} up`];
  if (!isAlive(node.host.pids.sshd, sshdDir(node.root))) {
    if (!isAlive(node.host.pids.init, node.root)) throw new Error(`lab fault heal: ${node.name}'s namespaces are gone (its init, pid ${node.host.pids.init}, ended); take the lab down and up again`);
    node.host.pids.sshd = await startNodeSshd(node.root, node.host.pids.init, node.address, state.hosts!.operator);
    writeState(state);
    said.push(`sshd started again (pid ${node.host.pids.sshd})`);
  }
  return said.join(', ');
}
