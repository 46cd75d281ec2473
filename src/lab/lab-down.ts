// `st-cluster lab down`: stop every process the lab started, by pid, then
// drop its DB (or stop its own PostgreSQL) and remove DIR.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { dropPrereqs } from './pg-prereqs.js';
import { stopOwnPg } from './pg-own.js';
import { pidRegistry } from './sim/node-context.js';
import { isAlive, killPid } from './sim/proc.js';
import { hostsDown } from './hosts/hosts-down.js';
import { readState } from './state.js';
import type { LabState } from './types.js';

/** Every pid a node's scripts ever started (alive or not). */
export function nodePids(root: string): number[] {
  try {
    return [...new Set(readFileSync(pidRegistry(root), 'utf8').split('\n').map(Number).filter((p) => Number.isInteger(p) && p > 1))];
  } catch {
    return [];
  }
}

export async function stopNodeProcesses(state: LabState): Promise<number[]> {
  const stubborn: number[] = [];
  await Promise.all(
    state.nodes.flatMap((node) =>
      // The node root is in the cmdline of every process a node started: a recycled pid is left alone.
      nodePids(node.root).map(async (pid) => {
        if (!(await killPid(pid, node.root, { graceMs: 5000 }))) stubborn.push(pid);
      }),
    ),
  );
  return stubborn;
}

export async function labDown(dir: string): Promise<void> {
  const labDir = path.resolve(dir);
  const state = readState(labDir);
  if (!state) {
    if (!existsSync(labDir)) return;
    throw new Error(`${labDir} is not a lab directory (no lab.json): refusing to remove it`);
  }
  // lab.json of a lab made before hosts labs may name the one shared sshd that --ssh-node started.
  const legacySshd = (state as { sshd?: { pid: number; config: string } | null }).sshd;
  if (legacySshd && !(await killPid(legacySshd.pid, legacySshd.config, { graceMs: 5000 }))) throw new Error(`lab down: the lab's sshd (pid ${legacySshd.pid}) would not stop; ${labDir} is kept`);
  // A hosts node's pid files hold the node's own pids: hostsDown stops everything in its namespaces.
  const stubborn = state.hosts ? [] : await stopNodeProcesses(state);
  if (stubborn.length > 0) throw new Error(`lab down: processes ${stubborn.join(', ')} would not stop; ${labDir} is kept`);
  // After the ST processes (which may still write to the DB), before PostgreSQL stops.
  if (state.hosts) await hostsDown(state);
  if (state.db.mode === 'external' && existsSync(state.db.superUrlFile)) {
    await dropPrereqs(readFileSync(state.db.superUrlFile, 'utf8').trim(), state.db);
  }
  if (state.pg) {
    await stopOwnPg(state.pg);
    if (isAlive(state.pg.pid, state.pg.dataDir)) throw new Error(`lab down: PostgreSQL (pid ${state.pg.pid}) would not stop; ${labDir} is kept`);
  }
  rmSync(labDir, { recursive: true, force: true });
}
