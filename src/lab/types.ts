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
  /** Admin's own start time (default: startDelayMs): a slow Admin without slowing every daemon. */
  adminStartDelayMs?: number;
  /** Simulated time a running service takes to stop (stop_* scripts). */
  stopDelayMs?: number;
  /** Every node its own host (network, mount and UTS namespaces, its own sshd); needs root. */
  hosts?: boolean;
  /** The hosts lab's /24 inside 198.18.0.0/15 (default: a free one). */
  subnet?: string;
}

/** A node of a hosts lab as a host: its namespaces, its sshd, every pid it runs under the lab's own name. */
export interface LabNodeHost {
  netns: string;
  /** Host side of the node's veth pair (on the lab bridge); `lab fault partition` takes it down. */
  veth: string;
  sshPort: number;
  /** "ssh-ed25519 AAAA…" */
  hostKey: string;
  /** As this host numbers them: holder = unshare, init = pid 1 of the node (enter with nsenter -t INIT -a). */
  pids: { holder: number; init: number; sshd: number };
}

export interface LabNode {
  name: string;
  address: string;
  root: string;
  /** Hosts lab only. */
  host?: LabNodeHost;
}

/** What a hosts lab made on this machine, so that `lab down` removes exactly that. */
export interface LabHosts {
  id: string;
  subnet: string;
  /** The claim of the /24 (a directory under /run/st-lab/net). */
  claim: string;
  bridge: string;
  /** The jump host's address on the bridge: st-cluster and PostgreSQL are reached there. */
  jumpAddress: string;
  /** /var/lib/st-lab/ID: the node roots and the shared directory. */
  base: string;
  shared: string;
  operator: string;
  stAccount: string;
  sudoersFile: string;
  /** True when this lab's first `ip netns add` made /run/netns a mount point: lab down unmounts it when empty. */
  madeNetnsMount: boolean;
  /** DIR/ssh: the operator's key and known_hosts. */
  sshDir: string;
  identityFile: string;
  knownHostsFile: string;
}

export interface LabInfo {
  dir: string;
  /** cluster.name in its answers (lab up --name, default lab-<6 hex of dir>). */
  cluster: string;
  answersFile: string;
  db: { host: string; port: number; name: string; user: string };
  nodes: LabNode[];
  /** The lab CA (--lab-ca), or null: each node's Admin certificate is self-issued. */
  caFile: string | null;
  /** The password the answers give as admin.password; a fresh node's Admin answers admin/admin until step 3. */
  adminPasswordFile: string;
  dbPasswordFile: string;
  hosts: LabHosts | null;
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
  options: Required<Omit<LabOptions, 'dir' | 'dbUrl' | 'latencyMs' | 'subnet'>> & { latencyMs: number | null };
  /** "dirs" (absent in older lab.json): nodes are directories of this host; "hosts": namespaces over ssh. */
  topology?: 'dirs' | 'hosts';
  db: { mode: 'own' | 'external'; host: string; port: number; name: string; user: string; superUrlFile: string };
  pg: OwnPg | null;
  hosts?: LabHosts | null;
  nodes: LabNode[];
}

export type ServiceState = 'alive' | 'down' | 'disabled';

export interface LabStatus {
  dir: string;
  db: { mode: 'own' | 'external'; host: string; port: number; name: string; running: boolean | null; pid: number | null };
  nodes: (LabNode & { installed: boolean; services: Record<Service, ServiceState> | null })[];
}
