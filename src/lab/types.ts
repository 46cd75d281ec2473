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
  /** Admin certificates signed by a lab CA (answers: admin.caFile); default: self-issued per node, as a fresh install. */
  labCa?: boolean;
  /** Written into each node's lab.latencyMs in answers.yaml. */
  latencyMs?: number;
  installDelayMs?: number;
  startDelayMs?: number;
  /** Nodes reached over a real sshd (adapter: ssh in answers.yaml); needs root. */
  sshNodes?: string[];
}

/** The lab's sshd, when nodes are reached over ssh (docs/lab-contract.md "Nodes over ssh"). */
export interface LabSshd {
  pid: number;
  port: number;
  /** The session account (uid 0, /bin/sh). */
  user: string;
  /** DIR/ssh: keys, sshd_config, known_hosts, the forced commands. */
  dir: string;
  config: string;
  /** sshd's own log (LogLevel VERBOSE): one "Accepted publickey" per connection. */
  logFile: string;
  knownHostsFile: string;
  nodes: string[];
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
  /** The lab CA (--lab-ca), or null: each node's Admin certificate is self-issued. */
  caFile: string | null;
  /** The password the answers give as admin.password; a fresh node's Admin answers admin/admin until step 3. */
  adminPasswordFile: string;
  dbPasswordFile: string;
  sshd: LabSshd | null;
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
  /** Absent in lab.json written before nodes over ssh existed. */
  sshd?: LabSshd | null;
  nodes: LabNode[];
}

export type ServiceState = 'alive' | 'down' | 'disabled';

export interface LabStatus {
  dir: string;
  db: { mode: 'own' | 'external'; host: string; port: number; name: string; running: boolean | null; pid: number | null };
  nodes: (LabNode & { installed: boolean; services: Record<Service, ServiceState> | null })[];
}
