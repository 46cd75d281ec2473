// Lab nodes reached over a real OpenSSH sshd (docs/lab-contract.md "Nodes over ssh").
// Over ssh a command runs on the real host, so every session enters a private mount
// namespace where the node root's directories are the node's /opt, /mnt and /etc/hosts.
import { freePort } from './free-port.js';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { enterScript } from './ssh-enter.js';
import { isAlive, killPid, spawnDetached, waitUntil } from './sim/proc.js';
import type { LabNode, LabSshd } from './types.js';

/** uid 0 (mount namespaces need root) but /bin/sh and an empty home: root's own rc files cost ~0.5 s a command. */
export const LAB_SSH_USER = 'stlabroot';
const SSHD = ['/usr/sbin/sshd', '/usr/local/sbin/sshd'].find((p) => existsSync(p));

const run = (command: string, args: string[]): { ok: boolean; out: string } => {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { ok: result.status === 0, out: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`.trim() };
};

/** Why this machine cannot expose a lab node over ssh (with what to do), or null when it can. */
export function sshNodeUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'a node over ssh needs root (a uid-0 session account and a mount namespace per session): run lab up as root';
  if (!SSHD) return 'no OpenSSH server (sshd) is installed: apt-get install -y openssh-server';
  if (!run('sh', ['-c', 'command -v ssh && command -v ssh-keygen']).ok) return 'the OpenSSH client (ssh, ssh-keygen) is missing: apt-get install -y openssh-client';
  const probe = run('unshare', ['--mount', '--propagation', 'private', 'mount', '--bind', tmpdir(), tmpdir()]);
  if (!probe.ok) return `mount namespaces are unavailable here (unshare --mount: ${probe.out || 'failed'}): a node over ssh needs them (util-linux, CAP_SYS_ADMIN)`;
  return null;
}

function ensureAccount(): void {
  const entry = (): string[] | null => {
    const found = run('getent', ['passwd', LAB_SSH_USER]);
    return found.ok ? found.out.split(':') : null;
  };
  // Another lab may create it at the same moment: useradd's failure alone means nothing.
  if (!entry()) run('useradd', ['-o', '-u', '0', '-g', '0', '-M', '-d', path.join(tmpdir(), 'st-lab-ssh-home'), '-s', '/bin/sh', '-p', '*', LAB_SSH_USER]);
  const fields = entry();
  if (!fields) throw new Error(`cannot create the ssh session account ${LAB_SSH_USER} (useradd -o -u 0 failed)`);
  if (fields[2] !== '0') throw new Error(`account ${LAB_SSH_USER} exists with uid ${fields[2]}: the lab's ssh sessions need uid 0; remove it (userdel ${LAB_SSH_USER})`);
  // sshd warns on every session when the home is missing, and the warning lands in each command's stderr.
  mkdirSync(fields[5]!, { recursive: true });
}

function keygen(file: string, comment: string): string {
  const made = run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
  if (!made.ok) throw new Error(`ssh-keygen failed: ${made.out}`);
  return readFileSync(`${file}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
}


const sshdConfig = (dir: string, port: number): string =>
  [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${dir}/host_key`, 'PidFile none',
    `AuthorizedKeysFile ${dir}/authorized_keys`, 'StrictModes no', 'UsePAM no', 'PasswordAuthentication no',
    'KbdInteractiveAuthentication no', 'PubkeyAuthentication yes',
    // Root only with the forced command of its key: the session always lands in a node's namespace.
    'PermitRootLogin forced-commands-only', `AllowUsers ${LAB_SSH_USER}`,
    'PermitUserRC no', 'PermitUserEnvironment no', 'AllowTcpForwarding no', 'X11Forwarding no',
    'PrintMotd no', 'PrintLastLog no', 'UseDNS no', 'LogLevel VERBOSE', 'MaxSessions 64', 'MaxStartups 100',
  ].join('\n') + '\n';

/** Starts the lab's one sshd (127.0.0.1, a free port) with one client key per node, each forced into its node. */
export async function startLabSshd(labDir: string, nodes: LabNode[]): Promise<LabSshd> {
  ensureAccount();
  const dir = path.join(labDir, 'ssh');
  if (/["\s\\]/.test(dir)) throw new Error(`${dir}: the lab directory must not contain white space, quotes or backslashes for a node over ssh`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const hostKey = keygen(path.join(dir, 'host_key'), 'st-cluster lab host');
  const keys = nodes.map((node) => {
    const enter = path.join(dir, `enter-${node.name}`);
    writeFileSync(enter, enterScript(node), { mode: 0o755 });
    return `command="${enter}",restrict ${keygen(path.join(dir, `id_${node.name}`), `st-cluster lab ${node.name}`)}`;
  });
  writeFileSync(path.join(dir, 'authorized_keys'), keys.join('\n') + '\n', { mode: 0o600 });
  mkdirSync('/run/sshd', { recursive: true });
  const config = path.join(dir, 'sshd_config');
  const logFile = path.join(dir, 'sshd.log');
  let failure = '';
  // A free port can be taken between the probe and sshd's bind: try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    writeFileSync(config, sshdConfig(dir, port));
    writeFileSync(logFile, '');
    const pid = spawnDetached({ command: SSHD!, args: ['-D', '-f', config, '-E', logFile], logFile: path.join(dir, 'sshd.out'), registry: path.join(dir, 'pids') });
    const log = (): string => readFileSync(logFile, 'utf8') + readFileSync(path.join(dir, 'sshd.out'), 'utf8');
    const listening = await waitUntil(() => log().includes(`Server listening on 127.0.0.1 port ${port}`) || !isAlive(pid), 10_000);
    if (listening && isAlive(pid)) {
      const knownHostsFile = path.join(dir, 'known_hosts');
      writeFileSync(knownHostsFile, `[127.0.0.1]:${port} ${hostKey}\n`);
      return { pid, port, user: LAB_SSH_USER, dir, config, logFile, knownHostsFile, nodes: nodes.map((n) => n.name) };
    }
    await killPid(pid, config, { force: true });
    failure = log().trim().split('\n').slice(-5).join('\n');
  }
  throw new Error(`the lab's sshd did not start:\n${failure}`);
}

/** The node's `ssh:` answers: strict host key checking passes on the pre-filled known_hosts. */
export function sshAnswers(sshd: LabSshd, node: string): { host: string; port: number; user: string; identityFile: string; knownHostsFile: string } {
  return { host: '127.0.0.1', port: sshd.port, user: sshd.user, identityFile: path.join(sshd.dir, `id_${node}`), knownHostsFile: sshd.knownHostsFile };
}

/** Stops the lab's sshd by its pid (only while its cmdline still names the lab's config). */
export function stopLabSshd(sshd: LabSshd): Promise<boolean> {
  return killPid(sshd.pid, sshd.config, { graceMs: 5000 });
}
