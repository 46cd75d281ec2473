// One node of a hosts lab: a long-lived holder process owns the node's mount and
// UTS namespaces inside its network namespace (the node's private /opt, /tmp,
// /var/tmp, /home, /mnt, /etc/hosts, /etc/hostname and its hostname), and the
// node's own sshd is started inside all three, so every ssh session lands there.
// Its own PID namespace too: the node's `ps` shows the node's processes only.
// The node root R lies outside those directories (/var/lib/st-lab/ID/NODE), so the
// simulator's paths under R are the same files on the host and on the node.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAB_SHARED_FS } from '../node-root.js';
import { isAlive, killPid, spawnDetached, waitUntil } from '../sim/proc.js';
import { childOf } from './pids.js';
import { NODE_PRIVATE, SSHD } from './prereqs.js';

// $1 = R, $2 = the shared directory, $3 = the hostname, then the host paths the node
// must still see although they lie under one of its private directories (this
// package and the node binary, e.g. a checkout under /tmp): each is kept under
// R/.keep first, then bound back at its own path inside the private directory.
// Mounts are private to this namespace.
const HOLDER = `set -e
R=$1
i=0
for p in "$@"; do
  i=$((i + 1)); [ "$i" -gt 3 ] || continue
  mkdir -p "$R/.keep/$i"; mount --bind "$p" "$R/.keep/$i"
done
mount --bind "$R/mnt" /mnt
mount --bind "$2" ${LAB_SHARED_FS}
mount --bind "$2" "$R/mnt${LAB_SHARED_FS.slice('/mnt'.length)}"
# A host without /etc/hostname has no place to bind the node's over: the node's hostname is set below anyway.
for d in opt home var/tmp etc/hosts etc/hostname tmp; do
  if [ "$d" = etc/hostname ] && [ ! -e /etc/hostname ]; then continue; fi
  mount --bind "$R/$d" "/$d"
done
i=0
for p in "$@"; do
  i=$((i + 1)); [ "$i" -gt 3 ] || continue
  mkdir -p "$p"; mount --bind "$R/.keep/$i" "$p"
done
hostname "$3"
: > "$R/.sshd/ready"
trap 'exit 0' TERM INT
while :; do sleep 3600 & wait $! || true; done`;

export const sshdDir = (root: string): string => path.join(root, '.sshd');

export interface Holder {
  /** unshare, waiting for its child. */
  pid: number;
  /** The child: pid 1 of the node's PID namespace, in every namespace of the node. */
  init: number;
}

/** This package (dist/ and node_modules/) and the node binary's directory, where a node's private directories would hide them. */
export function keptOnNodes(): string[] {
  const packageRoot = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
  const candidates = [packageRoot, path.dirname(process.execPath)];
  return [...new Set(candidates.filter((p) => NODE_PRIVATE.some((d) => p === d || p.startsWith(`${d}/`))))];
}

/** Starts the node's namespace holder; resolves once its mounts and hostname are in place. */
export async function startHolder(root: string, netns: string, shared: string, hostname: string): Promise<Holder> {
  const dir = sshdDir(root);
  const pid = spawnDetached({
    command: 'nsenter',
    args: [`--net=/run/netns/${netns}`, '--', 'unshare', '--mount', '--uts', '--pid', '--fork', '--mount-proc', '--propagation', 'private', '--', '/bin/sh', '-c', HOLDER, `st-lab-holder`, root, shared, hostname, ...keptOnNodes()],
    logFile: path.join(dir, 'holder.log'),
    registry: path.join(dir, 'pids'),
  });
  const ready = await waitUntil(() => existsSync(path.join(dir, 'ready')) || !isAlive(pid), 10_000);
  const init = childOf(pid);
  if (!ready || !isAlive(pid) || init === null) {
    await killPid(pid, root, { force: true });
    throw new Error(`node ${hostname}: its namespaces could not be set up:\n${readFileSync(path.join(dir, 'holder.log'), 'utf8').trim()}`);
  }
  return { pid, init };
}

const sshdConfig = (dir: string, address: string, operator: string): string =>
  [
    'Port 22', `ListenAddress ${address}`, `HostKey ${dir}/host_key`, 'PidFile none',
    // The default place, in the operator's home on the node's private /home, with sshd's own checks.
    'AuthorizedKeysFile .ssh/authorized_keys', 'StrictModes yes', 'UsePAM no', 'PasswordAuthentication no',
    'KbdInteractiveAuthentication no', 'PubkeyAuthentication yes', 'PermitRootLogin no', `AllowUsers ${operator}`,
    'PermitUserRC no', 'PermitUserEnvironment no', 'AllowTcpForwarding no', 'X11Forwarding no',
    'PrintMotd no', 'PrintLastLog no', 'UseDNS no', 'LogLevel VERBOSE', 'MaxSessions 64', 'MaxStartups 100',
  ].join('\n') + '\n';

export const sshdLog = (root: string): string => path.join(sshdDir(root), 'sshd.log');

/** Starts sshd inside the holder's namespaces on port 22 of the node's address; its pid as this host numbers it. */
export async function startNodeSshd(root: string, holderInit: number, address: string, operator: string): Promise<number> {
  const dir = sshdDir(root);
  // sshd's privilege separation directory (Debian's package creates it at boot only).
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const config = path.join(dir, 'sshd_config');
  writeFileSync(config, sshdConfig(dir, address, operator));
  const log = sshdLog(root);
  const before = existsSync(log) ? readFileSync(log, 'utf8').length : 0;
  // nsenter forks to enter the PID namespace: sshd is its child, and nsenter ends with it.
  const nsenter = spawnDetached({
    command: 'nsenter',
    args: ['-t', String(holderInit), '-n', '-m', '-u', '-p', '--', SSHD!, '-D', '-f', config, '-E', log],
    logFile: path.join(dir, 'sshd.out'),
    registry: path.join(dir, 'pids'),
  });
  const text = (): string => (existsSync(log) ? readFileSync(log, 'utf8').slice(before) : '') + readFileSync(path.join(dir, 'sshd.out'), 'utf8');
  const listening = await waitUntil(() => text().includes(`Server listening on ${address} port 22`) || !isAlive(nsenter), 10_000);
  const pid = childOf(nsenter);
  if (!listening || pid === null || !isAlive(pid)) {
    await killPid(pid ?? nsenter, config, { force: true });
    throw new Error(`the sshd of ${address} did not start:\n${text().trim().split('\n').slice(-5).join('\n')}`);
  }
  return pid;
}
