// `st-cluster lab up`: DB, shared FS, CA, licenses, node roots and answers.yaml.
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { writeAnswers, writeLicenses, writeSecret } from './answers-file.js';
import { labDown } from './lab-down.js';
import { LabUsageError } from './lab-errors.js';
import { makeNodeRoot } from './node-root.js';
import { createPrereqs } from './pg-prereqs.js';
import { startOwnPg } from './pg-own.js';
import { caFiles, createCa } from './sim/certs.js';
import { simEntry, writeState } from './state.js';
import { subnetPrefix } from './hosts/net.js';
import { hostsUnavailable } from './hosts/prereqs.js';
import { prepareHosts, startHostNodes } from './hosts/hosts-up.js';
import type { LabInfo, LabNode, LabOptions, LabState } from './types.js';

export { LabUsageError };

// PostgreSQL forbids $ % & + in ST's DB password (docs/st-facts.md): letters and digits only.
const password = (): string => randomBytes(24).toString('base64url').replace(/[^A-Za-z0-9]/g, '') + 'A7';

function normalize(options: LabOptions): LabState['options'] {
  const nodes = options.nodes ?? 3;
  const base = options.addressBase ?? '127.0.0.10';
  const octets = base.split('.').map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) throw new LabUsageError(`--address-base ${base} is not an IPv4 address`);
  if (octets[0] !== 127) throw new LabUsageError(`--address-base ${base}: lab nodes need loopback addresses (127.x.x.x)`);
  if (!Number.isInteger(nodes) || nodes < 1 || octets[3]! + nodes > 254) throw new LabUsageError(`--nodes ${nodes} does not fit after --address-base ${base} (last octet must stay below 255)`);
  // Every lab its own cluster (its own journal, lock and staging names): lab-<6 hex of its dir>.
  const name = options.name ?? `lab-${createHash('sha256').update(path.resolve(options.dir)).digest('hex').slice(0, 6)}`;
  if (!/^[a-z0-9][a-z0-9_-]{0,62}$/i.test(name)) throw new LabUsageError(`--name ${name}: letters, digits, "-" and "_"`);
  const adminPort = options.adminPort ?? 8444;
  if (!Number.isInteger(adminPort) || adminPort < 1 || adminPort > 65535) throw new LabUsageError(`--admin-port ${adminPort} is not a port`);
  const nonNegative = (value: number | undefined, flag: string): number => {
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) throw new LabUsageError(`${flag} must be a whole number of milliseconds`);
    return value ?? 0;
  };
  const maxNodes = options.maxNodes ?? nodes;
  if (!Number.isInteger(maxNodes) || maxNodes < 1) throw new LabUsageError(`--max-nodes ${maxNodes} must be at least 1`);
  const hosts = options.hosts ?? false;
  if (!hosts && options.subnet !== undefined) throw new LabUsageError('--subnet is for a hosts lab: add --hosts');
  if (hosts && options.dbUrl !== undefined) {
    throw new LabUsageError('--hosts with --db-url: the nodes of a hosts lab reach PostgreSQL only over the lab bridge (no route leaves it), where an existing server does not listen; leave --db-url out and the lab runs its own PostgreSQL on the bridge');
  }
  if (options.subnet !== undefined) subnetPrefix(options.subnet);
  const why = hosts ? hostsUnavailable() : null;
  if (why) throw new LabUsageError(`--hosts: ${why}`);
  return {
    nodes, addressBase: base, name, adminPort, maxNodes,
    autoRegister: options.autoRegister ?? false,
    labCa: options.labCa ?? false,
    latencyMs: options.latencyMs === undefined ? null : nonNegative(options.latencyMs, '--latency-ms'),
    installDelayMs: nonNegative(options.installDelayMs, '--install-delay-ms'),
    startDelayMs: nonNegative(options.startDelayMs, '--start-delay-ms'),
    adminStartDelayMs: nonNegative(options.adminStartDelayMs ?? options.startDelayMs, '--admin-start-delay-ms'),
    stopDelayMs: nonNegative(options.stopDelayMs, '--stop-delay-ms'),
    hosts,
  };
}

function labNodes(dir: string, opts: LabState['options']): LabNode[] {
  const [a, b, c, d] = opts.addressBase.split('.').map(Number) as [number, number, number, number];
  return Array.from({ length: opts.nodes }, (_, i) => ({ name: `node${i + 1}`, address: `${a}.${b}.${c}.${d + i + 1}`, root: path.join(dir, 'nodes', `node${i + 1}`) }));
}

export async function labUp(options: LabOptions): Promise<LabInfo> {
  const opts = normalize(options);
  const dir = path.resolve(options.dir);
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new LabUsageError(`${dir} exists and is not empty: lab up needs a new or empty directory`);
  const entry = simEntry();
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  const secrets = path.join(dir, 'secrets');
  const superUrlFile = path.join(secrets, 'db-superuser-url');
  const suffix = createHash('sha256').update(dir).digest('hex').slice(0, 8);
  const labDbName = options.dbUrl ? `st_${opts.name.toLowerCase().replace(/[^a-z0-9_]/g, '_')}_${suffix}`.slice(0, 63) : 'st';
  const state: LabState = {
    version: 1, dir, name: opts.name, createdAt: new Date().toISOString(), options: opts,
    db: { mode: options.dbUrl ? 'external' : 'own', host: '127.0.0.1', port: 5432, name: labDbName, user: labDbName, superUrlFile },
    topology: opts.hosts ? 'hosts' : 'dirs',
    pg: null,
    hosts: null,
    nodes: labNodes(dir, opts),
  };
  writeState(state);
  try {
    const info = {
      dir,
      cluster: opts.name,
      db: { host: '', port: 0, name: labDbName, user: labDbName },
      nodes: state.nodes,
      caFile: opts.labCa ? caFiles(path.join(dir, 'ca')).cert : null,
      adminPasswordFile: path.join(secrets, 'admin-password'),
      dbPasswordFile: path.join(secrets, 'db-password'),
      hosts: null as LabInfo['hosts'],
    };
    const dbPassword = password();
    writeSecret(info.dbPasswordFile, dbPassword);
    writeSecret(info.adminPasswordFile, password());
    mkdirSync(path.join(dir, 'shared'), { recursive: true });
    if (opts.labCa) createCa(path.join(dir, 'ca'), opts.name);
    const licenses = writeLicenses(dir, opts.name, opts.maxNodes);

    // The bridge first: PostgreSQL listens on the jump host's address there.
    if (opts.hosts) info.hosts = prepareHosts(state, options.subnet);
    const bridge = info.hosts && { address: info.hosts.jumpAddress, subnet: info.hosts.subnet };
    let superUrl = options.dbUrl;
    if (superUrl === undefined) {
      const own = await startOwnPg(path.join(dir, 'pg'), bridge);
      if (bridge) state.db.host = bridge.address;
      state.pg = own.pg;
      state.db.port = own.pg.port;
      superUrl = own.superUrl;
    } else {
      const url = new URL(superUrl);
      state.db.host = url.hostname || '127.0.0.1';
      state.db.port = Number(url.port || 5432);
    }
    writeSecret(superUrlFile, superUrl);
    writeState(state);
    await createPrereqs(superUrl, { name: labDbName, user: labDbName, password: dbPassword });
    info.db = { host: state.db.host, port: state.db.port, name: labDbName, user: labDbName };

    const settings = { labDir: dir, caDir: opts.labCa ? path.join(dir, 'ca') : null, adminPort: opts.adminPort, adminPasswordFile: info.adminPasswordFile, installDelayMs: opts.installDelayMs, startDelayMs: opts.startDelayMs, adminStartDelayMs: opts.adminStartDelayMs, stopDelayMs: opts.stopDelayMs, simEntry: entry };
    if (opts.hosts) await startHostNodes(state, settings);
    else for (const node of state.nodes) makeNodeRoot(node, state.nodes, settings, path.join(dir, 'shared'));
    writeState(state);
    info.nodes = state.nodes;
    const answersFile = writeAnswers(state, info, licenses);
    return { ...info, answersFile };
  } catch (error) {
    await labDown(dir).catch(() => undefined);
    throw error;
  }
}
