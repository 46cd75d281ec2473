// `lab up --hosts`: every node its own host made of namespaces (README "A lab of
// real hosts"). prepareHosts runs before PostgreSQL (which listens on the bridge),
// startHostNodes after it. Everything made is in lab.json before it is made.
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LAB_INSTALL_DIR, makeNodeRoot, type NodeRootSettings } from '../node-root.js';
import { writeState } from '../state.js';
import type { LabHosts, LabNode, LabState } from '../types.js';
import { accountIds, createAccounts, labAccounts } from './accounts.js';
import { chooseSubnet, createBridge, createNodeLink } from './net.js';
import { sshdDir, startHolder, startNodeSshd } from './node-host.js';
import { must, run } from './run.js';

/** Where node roots live: outside every directory a node has privately, so R is the same path inside and out. */
export const HOSTS_BASE = '/var/lib/st-lab';

export const labId = (dir: string): string => createHash('sha256').update(dir).digest('hex').slice(0, 6);

function keygen(file: string, comment: string): string {
  must('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file], 'cannot make an ssh key');
  return readFileSync(`${file}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
}

/** The /24, the bridge with the jump host's address, the accounts and the operator's key; node names and addresses. */
export function prepareHosts(state: LabState, subnet: string | undefined): LabHosts {
  const id = labId(state.dir);
  const chosen = chooseSubnet(subnet, parseInt(id, 16));
  const accounts = labAccounts(id);
  const sshDir = path.join(state.dir, 'ssh');
  const base = path.join(HOSTS_BASE, id);
  const hosts: LabHosts = {
    id, subnet: `${chosen.prefix}.0/24`, claim: chosen.claim, bridge: `stb-${id}`, jumpAddress: `${chosen.prefix}.1`,
    base, shared: path.join(base, 'shared'), ...accounts,
    // iproute2 makes /run/netns a (shared) mount point on its first namespace and never removes it.
    madeNetnsMount: !run('findmnt', ['-rn', '/run/netns']).ok,
    sshDir, identityFile: path.join(sshDir, 'id_operator'), knownHostsFile: path.join(sshDir, 'known_hosts'),
  };
  state.hosts = hosts;
  state.nodes = state.nodes.map((n, i) => ({ name: n.name, address: `${chosen.prefix}.${11 + i}`, root: path.join(base, n.name) }));
  writeState(state);
  createBridge(hosts.bridge, hosts.jumpAddress);
  const ids = createAccounts(accounts);
  mkdirSync(sshDir, { recursive: true, mode: 0o700 });
  keygen(hosts.identityFile, `st-cluster lab ${state.name} operator`);
  mkdirSync(hosts.shared, { recursive: true, mode: 0o755 });
  chmodSync(base, 0o755);
  chownSync(hosts.shared, ids.st.uid, ids.st.gid);
  chmodSync(hosts.shared, 0o2775);
  return hosts;
}

const own = (file: string, who: { uid: number; gid: number }, mode: number): void => {
  chownSync(file, who.uid, who.gid);
  chmodSync(file, mode);
};

/** A node's root as the node's accounts need it: homes, an install parent the ST account owns, world-writable temp dirs. */
function fillRoot(node: LabNode, hosts: LabHosts, settings: NodeRootSettings, all: LabNode[]): string {
  const r = (...parts: string[]): string => path.join(node.root, ...parts);
  const op = accountIds(hosts.operator)!;
  const st = accountIds(hosts.stAccount)!;
  mkdirSync(r('.lab'), { recursive: true });
  // The simulator runs as the ST account: its own copy of the lab CA (with --lab-ca).
  if (settings.caDir) cpSync(settings.caDir, r('.lab', 'ca'), { recursive: true });
  makeNodeRoot(node, all, { ...settings, caDir: settings.caDir ? r('.lab', 'ca') : null }, null);
  must('chown', ['-R', `${st.uid}:${st.gid}`, r('.lab')], `cannot give ${r('.lab')} to ${hosts.stAccount}`);
  for (const dir of ['tmp', 'var/tmp', 'home', path.dirname(LAB_INSTALL_DIR).slice(1)]) mkdirSync(r(dir), { recursive: true });
  for (const dir of ['tmp', 'var/tmp']) chmodSync(r(dir), 0o1777);
  own(r(path.dirname(LAB_INSTALL_DIR).slice(1)), st, 0o755);
  mkdirSync(r('home', hosts.stAccount), { recursive: true });
  own(r('home', hosts.stAccount), st, 0o700);
  mkdirSync(r('home', hosts.operator, '.ssh'), { recursive: true });
  writeFileSync(r('home', hosts.operator, '.ssh', 'authorized_keys'), readFileSync(`${hosts.identityFile}.pub`));
  own(r('home', hosts.operator, '.ssh', 'authorized_keys'), op, 0o600);
  own(r('home', hosts.operator, '.ssh'), op, 0o700);
  own(r('home', hosts.operator), op, 0o700);
  mkdirSync(sshdDir(node.root), { recursive: true, mode: 0o700 });
  chmodSync(node.root, 0o755);
  return keygen(path.join(sshdDir(node.root), 'host_key'), `st-cluster lab ${node.name}`);
}

async function startNode(state: LabState, node: LabNode, index: number, settings: NodeRootSettings): Promise<void> {
  const hosts = state.hosts!;
  const hostKey = fillRoot(node, hosts, settings, state.nodes);
  const link = { netns: `stlab-${hosts.id}-${node.name}`, veth: `stv${hosts.id}n${index + 1}`, address: node.address };
  node.host = { netns: link.netns, veth: link.veth, sshPort: 22, hostKey, pids: { holder: 0, init: 0, sshd: 0 } };
  writeState(state);
  createNodeLink(hosts.bridge, link);
  const holder = await startHolder(node.root, link.netns, hosts.shared, node.name);
  node.host.pids.holder = holder.pid;
  node.host.pids.init = holder.init;
  writeState(state);
  node.host.pids.sshd = await startNodeSshd(node.root, holder.init, node.address, hosts.operator);
  writeState(state);
}

/** Every node's namespaces and sshd (in parallel), then known_hosts prefilled with every node's key. */
export async function startHostNodes(state: LabState, settings: NodeRootSettings): Promise<void> {
  await Promise.all(state.nodes.map((node, i) => startNode(state, node, i, settings)));
  writeFileSync(state.hosts!.knownHostsFile, state.nodes.map((n) => `${n.address} ${n.host!.hostKey}\n`).join(''));
}
