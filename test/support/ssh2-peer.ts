// Fallback SSH peer for machines with no sshd: the ssh2 package serves the
// system ssh client in-process and runs each exec request with "sh -c" as the
// current user. Only public-key auth with the test key is accepted.
import { spawn } from 'node:child_process';
import { timingSafeEqual } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import ssh2, { type ParsedKey } from 'ssh2';
import { freePort, keygen, peer, type SshPeer } from './sshd.js';

const { Server, utils } = ssh2;

export async function startSsh2Peer(): Promise<SshPeer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'st-ssh2-'));
  const fingerprint = await keygen(path.join(dir, 'host_key'));
  await keygen(path.join(dir, 'id_client'));
  const allowed = utils.parseKey(await readFile(path.join(dir, 'id_client.pub')));
  if (allowed instanceof Error) throw allowed;
  const allowedKey: ParsedKey = (Array.isArray(allowed) ? allowed[0] : allowed) as ParsedKey;
  const user = userInfo().username;
  let connections = 0;
  const server = new Server({ hostKeys: [await readFile(path.join(dir, 'host_key'))] }, (client) => {
    connections += 1;
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'publickey' || ctx.username !== user) return ctx.reject(['publickey']);
      const publicSsh = allowedKey.getPublicSSH();
      const same = ctx.key.algo === allowedKey.type && ctx.key.data.length === publicSsh.length && timingSafeEqual(ctx.key.data, publicSsh);
      if (!same) return ctx.reject(['publickey']);
      if (!ctx.signature) return ctx.accept();
      return allowedKey.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) === true ? ctx.accept() : ctx.reject(['publickey']);
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('exec', (accept, _reject, info) => {
          const stream = accept();
          const child = spawn('/bin/sh', ['-c', info.command], { cwd: dir, stdio: 'pipe' });
          stream.pipe(child.stdin);
          child.stdin.on('error', () => undefined);
          child.stdout.pipe(stream, { end: false });
          child.stderr.pipe(stream.stderr, { end: false });
          child.on('close', (code, signal) => {
            stream.exit(code ?? 128 + (signal === 'SIGKILL' ? 9 : 15));
            stream.end();
          });
        });
      });
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return peer('ssh2', dir, port, user, fingerprint, () => connections, () => new Promise<void>((resolve) => server.close(() => resolve())));
}
