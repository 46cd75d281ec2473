// A real OpenSSH sshd on 127.0.0.1 and a free port, for the ssh row: the few
// lines of test/support/sshd.ts it needs, ported to plain ESM (STACK.md).
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { freePort } from './pg.mjs';

const run = promisify(execFile);
export const SSHD = ['/usr/sbin/sshd', '/usr/local/sbin/sshd'].find((p) => existsSync(p));
// The same plain /bin/sh user the tests use: root's .bashrc (pyenv) costs ~0.5 s per command here.
const TEST_USER = 'stclustertest';

async function keygen(file) {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'st-cluster-bench', '-f', file]);
}

async function benchUser() {
  if (process.getuid?.() !== 0) return userInfo().username;
  const home = '/tmp/st-cluster-sshtest-home';
  const known = await run('id', ['-u', TEST_USER]).then(() => true, () => false);
  if (!known) await run('useradd', ['-M', '-d', home, '-s', '/bin/sh', '-p', '*', TEST_USER]).catch(() => undefined);
  const entry = (await run('getent', ['passwd', TEST_USER])).stdout.split(':');
  await mkdir(entry[5], { recursive: true });
  await run('chown', [`${TEST_USER}:`, entry[5]]);
  return TEST_USER;
}

/** {host, port, user, identityFile, knownHostsFile, stop}; the host key is already trusted. */
export async function startSshd() {
  if (!SSHD) throw new Error('no OpenSSH server (sshd): apt-get install -y openssh-server');
  const dir = await mkdtemp(path.join(tmpdir(), 'st-bench-sshd-'));
  await chmod(dir, 0o755);
  const user = await benchUser();
  await keygen(path.join(dir, 'host_key'));
  await keygen(path.join(dir, 'id_client'));
  await writeFile(path.join(dir, 'authorized_keys'), await readFile(path.join(dir, 'id_client.pub')), { mode: 0o644 });
  const port = await freePort();
  const config = [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${dir}/host_key`, `PidFile ${dir}/sshd.pid`,
    `AuthorizedKeysFile ${dir}/authorized_keys`, 'StrictModes no', 'UsePAM no', 'PasswordAuthentication no',
    'KbdInteractiveAuthentication no', 'PubkeyAuthentication yes', `AllowUsers ${user}`, 'PermitUserRC no',
    'PrintMotd no', 'PrintLastLog no', 'UseDNS no', 'LogLevel ERROR', 'MaxSessions 64', 'MaxStartups 100',
  ];
  await writeFile(path.join(dir, 'sshd_config'), `${config.join('\n')}\n`);
  await mkdir('/run/sshd', { recursive: true }).catch(() => undefined);
  const knownHostsFile = path.join(dir, 'known_hosts');
  const key = (await readFile(path.join(dir, 'host_key.pub'), 'utf8')).split(' ').slice(0, 2).join(' ');
  await writeFile(knownHostsFile, `[127.0.0.1]:${port} ${key}\n`);
  const child = spawn(SSHD, ['-D', '-e', '-f', path.join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (c) => (log += c));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sshd exited at start:\n${log}`);
    const open = await new Promise((resolve) => {
      import('node:net').then(({ default: net }) => {
        const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
        s.once('error', () => resolve(false));
      });
    });
    if (open) break;
    if (Date.now() > deadline) throw new Error(`sshd did not listen on ${port} within 10 s:\n${log}`);
    await sleep(20);
  }
  return {
    host: '127.0.0.1', port, user, identityFile: path.join(dir, 'id_client'), knownHostsFile,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
