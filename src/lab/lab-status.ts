// `st-cluster lab status`: what runs, per node, read from pid files (not the
// status scripts, which fail while Admin is down).
import { existsSync, readFileSync } from 'node:fs';
import { hostPid } from './hosts/pids.js';
import { isDisabled, serviceStatus } from './sim/services.js';
import { Home, homeMarkerFile, SERVICES, type Service } from './sim/node-context.js';
import { isAlive, readPid } from './sim/proc.js';
import { readState } from './state.js';
import type { LabNode, LabStatus, ServiceState } from './types.js';

/** A hosts node's pid files hold the node's own pids: find the process as this host numbers it. */
function statusOn(node: LabNode, home: Home, s: Service): ServiceState {
  if (!node.host) return serviceStatus(home, s);
  if (isDisabled(home, s)) return 'disabled';
  const pid = readPid(home.pidFile(s));
  const host = pid === null ? null : hostPid(node.host.netns, pid);
  return host !== null && isAlive(host, home.marker) ? 'alive' : 'down';
}

export function labStatus(dir: string): LabStatus {
  const state = readState(dir);
  if (!state) throw new Error(`${dir} is not a lab directory (no lab.json)`);
  const pgPid = state.pg?.pid ?? null;
  return {
    dir: state.dir,
    db: {
      mode: state.db.mode,
      host: state.db.host,
      port: state.db.port,
      name: state.db.name,
      running: state.pg ? isAlive(state.pg.pid, state.pg.dataDir) : null,
      pid: pgPid,
    },
    nodes: state.nodes.map((node) => {
      const marker = homeMarkerFile(node.root);
      if (!existsSync(marker)) return { ...node, installed: false, services: null };
      const home = new Home(node.root, readFileSync(marker, 'utf8').trim());
      const services = Object.fromEntries(SERVICES.map((s) => [s, statusOn(node, home, s)])) as Record<Service, ServiceState>;
      return { ...node, installed: existsSync(home.installInfoFile), services };
    }),
  };
}
