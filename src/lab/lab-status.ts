// `st-cluster lab status`: what runs, per node, read from pid files (not the
// status scripts, which fail while Admin is down).
import { existsSync, readFileSync } from 'node:fs';
import { serviceStatus } from './sim/services.js';
import { Home, homeMarkerFile, SERVICES, type Service } from './sim/node-context.js';
import { isAlive } from './sim/proc.js';
import { readState } from './state.js';
import type { LabStatus, ServiceState } from './types.js';

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
      const services = Object.fromEntries(SERVICES.map((s) => [s, serviceStatus(home, s)])) as Record<Service, ServiceState>;
      return { ...node, installed: existsSync(home.installInfoFile), services };
    }),
  };
}
