// proxyJump through a second real sshd: the bastion is verified like a node
// (its own known_hosts, strict checking, BatchMode, its identity), its failures
// name the bastion; and --accept-new-host-keys in a dry run writes no known_hosts.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSshAdapter, type SshNodeAdapter } from '../../src/adapters/ssh.js';
import type { SshSettings } from '../../src/adapters/ssh-args.js';
import { AdapterError } from '../../src/adapters/types.js';
import { startSshPeer, type SshPeer } from '../support/sshd.js';

let target: SshPeer;
let jump: SshPeer;
const opened: SshNodeAdapter[] = [];

beforeAll(async () => {
  [target, jump] = await Promise.all([startSshPeer(), startSshPeer()]);
  await target.trustHostKey();
});
afterAll(async () => {
  await Promise.all(opened.map((a) => a.close()));
  await Promise.all([target?.stop(), jump?.stop()]);
});

type Accepted = { host: string; port: number; fingerprints: string[]; bastion?: boolean; dryRun?: boolean };

function viaBastion(bastion: Partial<Exclude<SshSettings['proxyJump'], string | undefined>>, runtime: { acceptNew?: boolean; dryRun?: boolean; seen?: Accepted[] } = {}): SshNodeAdapter {
  const made = createSshAdapter({
    node: 'n1',
    address: '127.0.0.1',
    settings: {
      port: target.port, user: target.user, identityFile: target.identityFile, knownHostsFile: target.knownHostsFile, connectTimeout: 5,
      proxyJump: { host: '127.0.0.1', port: jump.port, user: jump.user, identityFile: jump.identityFile, knownHostsFile: jump.knownHostsFile, ...bastion },
    },
    baseDir: target.dir,
    runtime: { configFile: 'none', acceptNewHostKeys: runtime.acceptNew ?? false, dryRun: runtime.dryRun ?? false, onHostKeyAccepted: (e) => runtime.seen?.push(e) },
  });
  opened.push(made);
  return made;
}

const failure = async (promise: Promise<unknown>): Promise<AdapterError> => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AdapterError);
  return error as AdapterError;
};

describe.skipIf(process.env.ST_TEST_SSH_PEER === 'ssh2')('ssh through a proxyJump bastion (two real sshd)', () => {
  it('refuses an unknown bastion key, naming the bastion and its fingerprint', async () => {
    await writeFile(jump.knownHostsFile, '');
    const error = await failure(viaBastion({}).exec(['true'], { kind: 'read' }));
    expect(error.reason).toBe('host-key');
    expect(error.message).toContain(`n1: bastion 127.0.0.1: the SSH host key of [127.0.0.1]:${jump.port} is not known (ssh-ed25519 ${jump.hostKeyFingerprint})`);
    expect(error.message).not.toContain(target.hostKeyFingerprint);
    expect(error.fix).toContain(`ssh-keyscan -p ${jump.port} -t ed25519 127.0.0.1 >> ${jump.knownHostsFile}`);
  });

  it('uses the bastion’s own identity: a wrong one fails as the bastion’s authentication', async () => {
    await jump.trustHostKey();
    const error = await failure(viaBastion({ identityFile: path.join(target.dir, 'host_key') }).exec(['true'], { kind: 'read' }));
    expect(error.reason).toBe('auth');
    expect(error.message).toBe(`n1: bastion 127.0.0.1: SSH authentication as ${jump.user}@127.0.0.1:${jump.port} failed`);
  });

  it('reaches the node through the bastion once its key is known', async () => {
    await jump.trustHostKey();
    const before = jump.acceptedConnections();
    const ssh = viaBastion({});
    expect((await ssh.exec(['echo', 'through'], { kind: 'read' })).stdout).toBe('through\n');
    expect(jump.acceptedConnections() - before).toBe(1);
  });

  it('a dry run with --accept-new-host-keys reports both keys and leaves both known_hosts byte-identical', async () => {
    await writeFile(jump.knownHostsFile, '');
    const nodeBefore = await readFile(target.knownHostsFile);
    await writeFile(target.knownHostsFile, '');
    try {
      const seen: Accepted[] = [];
      const ssh = viaBastion({}, { acceptNew: true, dryRun: true, seen });
      expect((await ssh.exec(['echo', 'ok'], { kind: 'read' })).stdout).toBe('ok\n');
      expect(await readFile(jump.knownHostsFile, 'utf8')).toBe('');
      expect(await readFile(target.knownHostsFile, 'utf8')).toBe('');
      expect(seen.map((e) => ({ port: e.port, fp: e.fingerprints, bastion: e.bastion ?? false, dryRun: e.dryRun }))).toEqual([
        { port: jump.port, fp: [`ssh-ed25519 ${jump.hostKeyFingerprint}`], bastion: true, dryRun: true },
        { port: target.port, fp: [`ssh-ed25519 ${target.hostKeyFingerprint}`], bastion: false, dryRun: true },
      ]);
      // The real run still asks: strict checking refuses the bastion as before.
      expect((await failure(viaBastion({}).exec(['true'], { kind: 'read' }))).reason).toBe('host-key');
      // And a real run with --accept-new-host-keys writes both.
      const real: Accepted[] = [];
      expect((await viaBastion({}, { acceptNew: true, seen: real }).exec(['true'], { kind: 'read' })).exitCode).toBe(0);
      expect(real.map((e) => e.dryRun ?? false)).toEqual([false, false]);
      expect(await readFile(jump.knownHostsFile, 'utf8')).toContain(jump.knownHostsLine.split(' ')[2]);
      expect(await readFile(target.knownHostsFile, 'utf8')).toContain(target.knownHostsLine.split(' ')[2]);
    } finally {
      await writeFile(target.knownHostsFile, nodeBefore);
    }
  });
});
