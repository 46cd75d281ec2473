// Where a simulated node keeps things (docs/lab-contract.md). The node root R
// is the node's "/"; FILEDRIVEHOME is R + InstallDir.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const SERVICES = ['admin', 'tm', 'sshd', 'ftpd', 'httpd', 'as2d', 'pesitd', 'monitord'] as const;
export type Service = (typeof SERVICES)[number];
export const PROTOCOL_DAEMONS = ['sshd', 'ftpd', 'httpd', 'as2d', 'pesitd'] as const;
export type ProtocolDaemon = (typeof PROTOCOL_DAEMONS)[number];
/** REST daemon names (docs/st-facts.md: daemon=ssh|ftp|http|as2|pesit). */
export const restDaemonName = (d: ProtocolDaemon): string => d.slice(0, -1);
export const ST_VERSION = '5.5.0';

export interface NodeConfig {
  name: string;
  address: string;
  labDir: string;
  /** The lab CA's directory (lab up --lab-ca), or null: the Admin certificate is self-issued. */
  caDir: string | null;
  adminPort: number;
  adminUser: string;
  delays: { installMs: number; startMs: number; adminStartMs?: number; stopMs?: number };
  /** Absolute path of the compiled simulator entry (dist/lab/sim/cli.js). */
  simEntry: string;
  nodeExec: string;
  /** Daemons whose status is "disabled" (they never start). */
  disabledDaemons: string[];
}

export interface InstallInfo {
  installDir: string;
  first: boolean;
  db: { host: string; port: number; name: string; user: string };
  clusterNodeValue: string | null;
  sslAdminPort: number;
  installedAt: string;
}

export const nodeConfigFile = (root: string): string => path.join(root, '.lab', 'node.json');
/** Where the installer notes FILEDRIVEHOME, so `lab status` finds the install. */
export const homeMarkerFile = (root: string): string => path.join(root, '.lab', 'home');
export const pidRegistry = (root: string): string => path.join(root, '.lab', 'pids');

export function loadNodeConfig(root: string): NodeConfig {
  return JSON.parse(readFileSync(nodeConfigFile(root), 'utf8')) as NodeConfig;
}

/** A virtual path as the node sees it, mapped into the node root; already-mapped paths pass through. */
export function mapPath(root: string, p: string): string {
  if (!path.isAbsolute(p)) return path.resolve(p);
  const normalized = path.resolve(p);
  if (normalized === root || normalized.startsWith(root + path.sep)) return normalized;
  return path.join(root, normalized);
}

/**
 * A file the wizard handed the node (the installer's -s file, SecretFilePath), mapped like any
 * virtual path. On a hosts lab node R/<dir> and /<dir> are the same files (docs/lab-contract.md
 * "A hosts lab"), so the mapped path is the one the wizard wrote.
 */
export function inputPath(root: string, p: string): string {
  return mapPath(root, p);
}

export class Home {
  constructor(
    readonly root: string,
    /** FILEDRIVEHOME as a real path. */
    readonly dir: string,
  ) {}
  get config(): NodeConfig {
    return loadNodeConfig(this.root);
  }
  file(...parts: string[]): string {
    return path.join(this.dir, ...parts);
  }
  pidFile(service: Service): string {
    return service === 'admin' ? this.file('var', 'run', 'admin', 'tomcat.pid') : this.file('var', 'run', `${service}.pid`);
  }
  get catalinaOut(): string {
    return this.file('tomcat', 'admin', 'logs', 'catalina.out');
  }
  logFile(service: Service): string {
    return this.file('var', 'logs', `${service}.log`);
  }
  get installInfoFile(): string {
    return this.file('conf', 'lab-install.json');
  }
  /** DB connection incl. password, 0600: what the real ST keeps (encrypted) in its conf. */
  get dbFile(): string {
    return this.file('conf', 'lab-db.json');
  }
  installInfo(): InstallInfo {
    return JSON.parse(readFileSync(this.installInfoFile, 'utf8')) as InstallInfo;
  }
  /** Marker in every process's cmdline that belongs to this node's install. */
  get marker(): string {
    return this.dir;
  }
}
