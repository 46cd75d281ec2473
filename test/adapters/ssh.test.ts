import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceCaseNames, runConformance } from '../../src/adapters/conformance.js';
import { createSshAdapter, type SshNodeAdapter } from '../../src/adapters/ssh.js';
import type { SshSettings } from '../../src/adapters/ssh-args.js';
import { AdapterError } from '../../src/adapters/types.js';
import { keygen, startSshPeer, type SshPeer } from '../support/sshd.js';

let peer: SshPeer;
const opened: SshNodeAdapter[] = [];

beforeAll(async () => {
  peer = await startSshPeer();
  console.info(`ssh tests use the ${peer.kind} peer on 127.0.0.1:${peer.port} as ${peer.user}`);
  await peer.trustHostKey();
});
afterAll(async () => {
  await Promise.all(opened.map((a) => a.close()));
  await peer?.stop();
});

function adapter(settings: Partial<SshSettings> = {}, acceptNew = false, onAccepted?: (fp: string[]) => void): SshNodeAdapter {
  const made = createSshAdapter({
    node: 'n1',
    address: '127.0.0.1',
    settings: { port: peer.port, user: peer.user, identityFile: peer.identityFile, knownHostsFile: peer.knownHostsFile, connectTimeout: 5, ...settings },
    baseDir: peer.dir,
    runtime: { configFile: 'none', acceptNewHostKeys: acceptNew, onHostKeyAccepted: (e) => onAccepted?.(e.fingerprints) },
  });
  opened.push(made);
  return made;
}

async function failure(promise: Promise<unknown>): Promise<AdapterError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AdapterError);
  return error as AdapterError;
}

const escapeRe = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('ssh adapter against a real SSH server', () => {
  it('passes the conformance suite', async () => {
    const results = await runConformance(adapter(), {});
    expect(results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.detail}`)).toEqual([]);
    expect(results).toHaveLength(conformanceCaseNames.length + 1);
  });

  it('opens one TCP connection for many commands and file copies, and removes its control dir on close', async () => {
    const ssh = adapter();
    const before = peer.acceptedConnections();
    await Promise.all(Array.from({ length: 6 }, (_, i) => ssh.exec(['echo', String(i)], { kind: 'read' })));
    for (let i = 0; i < 4; i += 1) await ssh.exec(['true'], { kind: 'read' });
    await ssh.writeFile('/tmp/st-mux-test', 'x', { mode: 0o600 });
    await ssh.remove('/tmp/st-mux-test');
    // Every command above ran over a connection the server had accepted before it answered: no wait needed.
    expect(peer.acceptedConnections() - before).toBe(1);
    const dirs = (await readFile('/proc/self/net/unix', 'utf8')).match(new RegExp(`${escapeRe(tmpdir())}/st-ssh-\\w+/ctl`, 'g')) ?? [];
    expect(dirs.length).toBeGreaterThan(0);
    const controlDir = path.dirname(dirs.find((d) => existsSync(d))!);
    await ssh.close();
    expect(existsSync(controlDir)).toBe(false);
    await ssh.close();
  });

  const masters = async (): Promise<{ pid: number; dir: string }[]> => {
    const { readdir } = await import('node:fs/promises');
    const found: { pid: number; dir: string }[] = [];
    for (const pid of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      const control = new RegExp(`ControlPath=(${escapeRe(tmpdir())}/st-ssh-\\w+)/ctl\0-o\0ControlPersist=\\d+`).exec(cmdline);
      if (control && cmdline.includes(`${peer.port}`)) found.push({ pid: Number(pid), dir: control[1]! });
    }
    return found;
  };
  const processGroup = async (pid: number): Promise<number> => Number((await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ')[2]);

  it('keeps its master and commands out of our process group, so a Ctrl-C does not reach them', async () => {
    const ssh = adapter();
    await ssh.exec(['true'], { kind: 'read' });
    const before = await masters();
    expect(before.length).toBeGreaterThan(0);
    for (const m of before) expect(await processGroup(m.pid)).not.toBe(await processGroup(process.pid));
    // A CLI handler stands in for st-cluster's own: the signal alone stops nothing here.
    const cliHandler = (): void => undefined;
    process.on('SIGINT', cliHandler);
    try {
      process.emit('SIGINT', 'SIGINT');
    } finally {
      process.off('SIGINT', cliHandler);
    }
    expect((await ssh.exec(['echo', 'still'], { kind: 'read' })).stdout).toBe('still\n');
    await ssh.close();
    for (let i = 0; i < 100 && (await masters()).some((m) => before.some((b) => b.pid === m.pid)); i += 1) await new Promise((r) => setTimeout(r, 20));
    expect((await masters()).filter((m) => before.some((b) => b.pid === m.pid))).toEqual([]);
    for (const m of before) expect(existsSync(m.dir)).toBe(false);
  });

  it('reconnects when its master went away between commands (ControlPersist ran out)', async () => {
    const ssh = adapter();
    await ssh.exec(['true'], { kind: 'read' });
    const mine = await masters();
    for (const m of mine) process.kill(m.pid, 'SIGTERM');
    for (let i = 0; i < 100 && (await masters()).some((m) => mine.some((b) => b.pid === m.pid)); i += 1) await new Promise((r) => setTimeout(r, 20));
    expect((await ssh.exec(['echo', 'again'], { kind: 'read' })).stdout).toBe('again\n');
  });

  it('reports a connection lost under a running command as unreachable, not as its exit 255', async () => {
    const ssh = adapter();
    await ssh.exec(['true'], { kind: 'read' });
    const mine = (await masters()).map((m) => m.pid);
    const running = ssh.exec(['sh', '-c', 'echo started >&2; sleep 30'], { kind: 'read' });
    // Wait until the session is open on the server (its sleep runs), then break the connection under it.
    for (let i = 0; i < 250; i += 1) {
      const { stdout } = await import('execa').then(({ execa }) => execa('pgrep', ['-f', '-u', peer.user, 'sleep 30'], { reject: false }));
      if (stdout.trim()) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    for (const pid of mine) process.kill(pid, 'SIGKILL');
    const error = await failure(running);
    expect(error.reason).toBe('unreachable');
    expect(error.message).toMatch(/SSH connection to .* was lost while "sh -c echo started >&2; sleep 30" ran/);
    expect(error.message).not.toMatch(/exit(ed)? 255/);
    // The server's side of the cut session outlives it: end it, so that nothing of the test stays behind.
    await import('execa').then(({ execa }) => execa('pkill', ['-u', peer.user, '-f', 'sleep 30'], { reject: false }));
  });

  it('keeps a secret sent on stdin out of every command line on the node', async () => {
    const secret = `s3cret-${Date.now()}`;
    const ssh = adapter();
    const script = 'IFS= read -r s; printf "%s|" "${#s}"; cat /proc/[0-9]*/cmdline 2>/dev/null | tr "\\0" " "';
    const viaStdin = await ssh.exec(['sh', '-c', script], { kind: 'read', stdin: `${secret}\n` });
    expect(viaStdin.stdout.startsWith(`${secret.length}|`)).toBe(true);
    expect(viaStdin.stdout).not.toContain(secret);
    // Control: the same probe does see a secret put on the command line.
    const viaArgv = await ssh.exec(['sh', '-c', `${script} # ${secret}`], { kind: 'read', stdin: 'x\n' });
    expect(viaArgv.stdout).toContain(secret);
  });

  it('refuses an unknown host key with its fingerprint and the command to trust it', async () => {
    const known = path.join(peer.dir, 'empty_known_hosts');
    await writeFile(known, '');
    const error = await failure(adapter({ knownHostsFile: known }).exec(['true'], { kind: 'read' }));
    expect(error.reason).toBe('host-key');
    expect(error.message).toContain(peer.hostKeyFingerprint);
    expect(error.message).toContain('not known');
    expect(error.fix).toContain(`ssh-keyscan -p ${peer.port} -t ed25519 127.0.0.1 >> ${known}`);
  });

  it('refuses a changed host key', async () => {
    const other = path.join(peer.dir, 'other_host_key');
    await keygen(other);
    const known = path.join(peer.dir, 'changed_known_hosts');
    const otherKey = (await readFile(`${other}.pub`, 'utf8')).split(' ').slice(0, 2).join(' ');
    await writeFile(known, `[127.0.0.1]:${peer.port} ${otherKey}\n`);
    const error = await failure(adapter({ knownHostsFile: known }, true).exec(['true'], { kind: 'read' }));
    expect(error.reason).toBe('host-key');
    expect(error.message).toContain('CHANGED');
    expect(error.message).toContain(peer.hostKeyFingerprint);
    expect(error.fix).toContain(`ssh-keygen -R '[127.0.0.1]:${peer.port}' -f ${known}`);
  });

  it('accepts a new host key only when asked, and records it', async () => {
    const known = path.join(peer.dir, 'tofu_known_hosts');
    await writeFile(known, '');
    const seen: string[][] = [];
    const ssh = adapter({ knownHostsFile: known }, true, (fp) => seen.push(fp));
    expect(ssh.hostKeyPolicy).toBe('accept-new');
    expect((await ssh.exec(['echo', 'ok'], { kind: 'read' })).stdout).toBe('ok\n');
    expect(ssh.acceptedHostKeys).toEqual([`ssh-ed25519 ${peer.hostKeyFingerprint}`]);
    expect(seen).toEqual([[`ssh-ed25519 ${peer.hostKeyFingerprint}`]]);
    expect(await readFile(known, 'utf8')).toContain(peer.knownHostsLine.split(' ')[2]);
    expect(adapter().hostKeyPolicy).toBe('strict');
  });

  it('classifies an authentication failure', async () => {
    const error = await failure(adapter({ user: 'nobody' }).exec(['true'], { kind: 'read' }));
    expect(error.reason).toBe('auth');
    expect(error.message).toBe(`n1: SSH authentication as nobody@127.0.0.1:${peer.port} failed`);
    expect(error.fix).toMatch(/ssh\.user and ssh\.identityFile/);
  });

  it('classifies a refused connection', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    const error = await failure(adapter({ port: closed }).exec(['true'], { kind: 'read' }));
    expect(error.reason).toBe('connection-refused');
    expect(error.message).toBe(`n1: connection to ${peer.user}@127.0.0.1:${closed} refused`);
  });

  it('classifies a server that never answers as a timeout', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const error = await failure(adapter({ port, connectTimeout: 1 }).exec(['true'], { kind: 'read' }));
      expect(error.reason).toBe('timeout');
      expect(error.message).toMatch(/timed out/);
    } finally {
      sockets.forEach((s) => s.destroy());
      silent.close();
    }
  });

  it('gives a remote non-zero exit as exitCode, not an error', async () => {
    const r = await adapter().exec(['sh', '-c', 'exit 255'], { kind: 'read' });
    expect(r.exitCode).toBe(255);
  });
});
