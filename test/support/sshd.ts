// A real SSH peer for the ssh adapter tests: OpenSSH sshd on 127.0.0.1 and a
// free port (STACK.md), or, where no sshd exists, an in-process ssh2 server.
// With ST_TEST_REQUIRE_SSHD=1 (CI) a missing sshd is an error, never a skip.
import { freePort } from '../../src/lab/free-port.js';
import { execa, type ResultPromise } from 'execa';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface SshPeer {
  kind: 'openssh' | 'ssh2';
  host: string;
  port: number;
  user: string;
  dir: string;
  identityFile: string;
  /** A dedicated known_hosts file, empty at start. */
  knownHostsFile: string;
  /** "[127.0.0.1]:PORT ssh-ed25519 AAAA…" */
  knownHostsLine: string;
  /** "SHA256:…" of the peer's host key. */
  hostKeyFingerprint: string;
  trustHostKey(): Promise<void>;
  /** TCP connections the peer accepted so far. */
  acceptedConnections(): number;
  stop(): Promise<void>;
}

const SSHD = ['/usr/sbin/sshd', '/usr/local/sbin/sshd'].find((p) => existsSync(p));
export const TEST_USER = 'stclustertest';
/** Fixed, outside the run's TMPDIR: the account outlives one test file. global-setup removes both. */
export const TEST_USER_HOME = '/tmp/st-cluster-sshtest-home';

export { freePort };

export async function keygen(file: string): Promise<string> {
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'st-cluster-test', '-f', file]);
  const { stdout } = await execa('ssh-keygen', ['-l', '-f', `${file}.pub`]);
  return stdout.split(' ')[1]!;
}

// A plain /bin/sh user with no rc files: root's .bashrc (pyenv) costs ~0.5 s per command here.
async function testUser(): Promise<string> {
  if (process.getuid?.() !== 0) return userInfo().username;
  const home = TEST_USER_HOME;
  const known = await execa('id', ['-u', TEST_USER], { reject: false });
  if (known.exitCode !== 0) {
    await execa('useradd', ['-M', '-d', home, '-s', '/bin/sh', '-p', '*', TEST_USER], { reject: false });
  }
  const entry = (await execa('getent', ['passwd', TEST_USER])).stdout.split(':');
  await mkdir(entry[5]!, { recursive: true });
  await execa('chown', [`${TEST_USER}:`, entry[5]!]);
  return TEST_USER;
}

async function waitForPort(port: number, child: ResultPromise, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited at start:\n${log()}`);
    if (/Server listening on/.test(log())) return;
    await sleep(20);
  }
  throw new Error(`sshd did not listen on port ${port} within 10 s:\n${log()}`);
}

async function startOpenSsh(sshd: string): Promise<SshPeer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'st-sshd-'));
  await chmod(dir, 0o755);
  const user = await testUser();
  const fingerprint = await keygen(path.join(dir, 'host_key'));
  await keygen(path.join(dir, 'id_client'));
  await writeFile(path.join(dir, 'authorized_keys'), await readFile(path.join(dir, 'id_client.pub')), { mode: 0o644 });
  const port = await freePort();
  const config = [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${dir}/host_key`, `PidFile ${dir}/sshd.pid`,
    `AuthorizedKeysFile ${dir}/authorized_keys`, 'StrictModes no', 'UsePAM no', 'PasswordAuthentication no',
    'KbdInteractiveAuthentication no', 'PubkeyAuthentication yes', `AllowUsers ${user}`, 'PermitUserRC no',
    'PrintMotd no', 'PrintLastLog no', 'UseDNS no', 'LogLevel VERBOSE', 'MaxSessions 64', 'MaxStartups 100',
  ];
  await writeFile(path.join(dir, 'sshd_config'), `${config.join('\n')}\n`);
  await mkdir('/run/sshd', { recursive: true }).catch(() => undefined);
  let log = '';
  const child = execa(sshd, ['-D', '-e', '-f', path.join(dir, 'sshd_config')], { stdin: 'ignore', stdout: 'ignore', buffer: false, reject: false });
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  await waitForPort(port, child, () => log);
  return peer('openssh', dir, port, user, fingerprint, () => (log.match(/Connection from 127\.0\.0\.1 port \d+ on/g) ?? []).length, async () => {
    child.kill('SIGTERM');
    await child;
  });
}

export async function peer(
  kind: SshPeer['kind'], dir: string, port: number, user: string, fingerprint: string,
  count: () => number, stop: () => Promise<void>,
): Promise<SshPeer> {
  const knownHostsFile = path.join(dir, 'known_hosts');
  await writeFile(knownHostsFile, '');
  const key = (await readFile(path.join(dir, 'host_key.pub'), 'utf8')).split(' ').slice(0, 2).join(' ');
  const knownHostsLine = `[127.0.0.1]:${port} ${key}`;
  return {
    kind, host: '127.0.0.1', port, user, dir,
    identityFile: path.join(dir, 'id_client'),
    knownHostsFile, knownHostsLine, hostKeyFingerprint: fingerprint,
    trustHostKey: () => writeFile(knownHostsFile, `${knownHostsLine}\n`),
    acceptedConnections: count,
    async stop() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** OpenSSH when installed; else the ssh2 peer, or a clear failure when ST_TEST_REQUIRE_SSHD=1. */
export async function startSshPeer(): Promise<SshPeer> {
  if (SSHD && process.env.ST_TEST_SSH_PEER !== 'ssh2') return startOpenSsh(SSHD);
  if (!SSHD && process.env.ST_TEST_REQUIRE_SSHD === '1') {
    throw new Error('ST_TEST_REQUIRE_SSHD=1 but no OpenSSH server (sshd) is installed: apt-get install -y openssh-server (see .ci/run).');
  }
  return (await import('./ssh2-peer.js')).startSsh2Peer();
}
