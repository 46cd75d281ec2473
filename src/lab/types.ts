// The lab's public shapes: options of labUp, what it returns, and lab.json.
import type { Service } from './sim/node-context.js';

export interface LabOptions {
  dir: string;
  /** Number of nodes (default 3). */
  nodes?: number;
  /** Superuser URL of an existing PostgreSQL; without it the lab runs its own. */
  dbUrl?: string;
  /** Node i gets A.B.C.(D+i); default 127.0.0.10. */
  addressBase?: string;
  /** Cluster name (default "lab"). */
  name?: string;
  adminPort?: number;
  /** Licensed node count (default = nodes). */
  maxNodes?: number;
  autoRegister?: boolean;
  /** Written into each node's lab.latencyMs in answers.yaml. */
  latencyMs?: number;
  installDelayMs?: number;
  startDelayMs?: number;
}

export interface LabNode {
  name: string;
  address: string;
  root: string;
}

export interface LabInfo {
  dir: string;
  answersFile: string;
  db: { host: string; port: number; name: string; user: string };
  nodes: LabNode[];
  caFile: string;
  adminPasswordFile: string;
  dbPasswordFile: string;
}

export interface OwnPg {
  pid: number;
  dataDir: string;
  binDir: string;
  /** OS user postgres runs as, when not the current one. */
  runAs: string | null;
  port: number;
  /** A data dir outside DIR when DIR is not reachable by the postgres user. */
  outsideDir: string | null;
}

export interface LabState {
  version: 1;
  dir: string;
  name: string;
  createdAt: string;
  options: Required<Omit<LabOptions, 'dir' | 'dbUrl' | 'latencyMs'>> & { latencyMs: number | null };
  db: { mode: 'own' | 'external'; host: string; port: number; name: string; user: string; superUrlFile: string };
  pg: OwnPg | null;
  nodes: LabNode[];
}

export type ServiceState = 'alive' | 'down' | 'disabled';

export interface LabStatus {
  dir: string;
  db: { mode: 'own' | 'external'; host: string; port: number; name: string; running: boolean | null; pid: number | null };
  nodes: (LabNode & { installed: boolean; services: Record<Service, ServiceState> | null })[];
}
