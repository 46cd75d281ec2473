// What a hosts lab needs from this machine (README "A lab of real hosts"), checked
// before anything is created so that lab up refuses with the missing part named.
import { existsSync } from 'node:fs';
import { run } from './run.js';

export const SSHD = ['/usr/sbin/sshd', '/usr/local/sbin/sshd'].find((p) => existsSync(p)) ?? null;

const TOOLS: [string, string][] = [
  ['ip', 'iproute2'], ['nsenter', 'util-linux'], ['unshare', 'util-linux'], ['mount', 'mount'],
  ['ssh', 'openssh-client'], ['ssh-keygen', 'openssh-client'], ['sudo', 'sudo'], ['visudo', 'sudo'],
  ['useradd', 'passwd'], ['userdel', 'passwd'],
];

/** The directories every node of a hosts lab has privately: what lies there on this host is hidden on the nodes. */
export const NODE_PRIVATE = ['/opt', '/home', '/tmp', '/var/tmp', '/mnt'];

/** Why this machine cannot run a hosts lab (with the fix), or null when it can. */
// This package and the node binary stay visible on the nodes even under a private directory (node-host.ts keptOnNodes).
export function hostsUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'a hosts lab needs root (network and mount namespaces, accounts, sudoers): run it as root';
  if (!SSHD) return 'no OpenSSH server (sshd) is installed: apt-get install -y openssh-server';
  const missing = TOOLS.filter(([tool]) => !run('sh', ['-c', `command -v ${tool}`]).ok);
  if (missing.length > 0) {
    const packages = [...new Set(missing.map(([, pkg]) => pkg))].join(' ');
    return `missing ${missing.map(([t]) => t).join(', ')}: apt-get install -y ${packages}`;
  }
  const probe = run('unshare', ['--net', '--mount', '--uts', '--propagation', 'private', 'true']);
  if (!probe.ok) return `network/mount/UTS namespaces are unavailable here (unshare: ${probe.out || 'failed'}): a hosts lab needs CAP_SYS_ADMIN and CAP_NET_ADMIN`;
  return null;
}
