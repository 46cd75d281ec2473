import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeAdapter } from '../../src/adapters/index.js';
import { createLabAdapter } from '../../src/adapters/lab.js';
import { labEnv, mapLabArgv, mapLabPath } from '../../src/adapters/lab.js';
import { AdapterError } from '../../src/adapters/types.js';

let root: string;
let shared: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'st-lab-node-'));
  shared = await mkdtemp(path.join(tmpdir(), 'st-lab-shared-'));
  await mkdir(path.join(root, 'opt/media'), { recursive: true });
  await mkdir(path.join(root, 'etc'), { recursive: true });
  await mkdir(path.join(root, 'mnt'), { recursive: true });
  await mkdir(path.join(root, '.lab/bin'), { recursive: true });
  await writeFile(path.join(root, 'etc/os-release'), 'PRETTY_NAME="Lab Linux"\n');
  await writeFile(path.join(root, '.lab/bin/hostname'), '#!/bin/sh\necho lab-node-1\n');
  await chmod(path.join(root, '.lab/bin/hostname'), 0o755);
  await writeFile(path.join(root, 'opt/media/setup.sh'), '#!/bin/sh\nprintf "%s|%s|%s" "$ST_LAB_NODE_ROOT" "$1" "$(pwd)"\n');
  await chmod(path.join(root, 'opt/media/setup.sh'), 0o755);
  await symlink(shared, path.join(root, 'mnt/st-shared'));
});
afterAll(() => Promise.all([rm(root, { recursive: true, force: true }), rm(shared, { recursive: true, force: true })]));

describe('lab path mapping (docs/lab-contract.md)', () => {
  it('maps node paths under the root, but not the host directories', () => {
    expect(mapLabPath('/R', '/opt/Axway/x')).toBe('/R/opt/Axway/x');
    expect(mapLabPath('/R', '/etc/../etc/hosts')).toBe('/R/etc/hosts');
    expect(mapLabPath('/R', '/../../escape')).toBe('/R/escape');
    for (const host of ['/proc/1/cmdline', '/dev/null', '/sys/x', '/usr/bin/env', '/bin/sh', '/sbin/ip', '/lib/x', '/lib64/x']) {
      expect(mapLabPath('/R', host)).toBe(host);
    }
    expect(mapLabPath('/R', '/R/opt/x')).toBe('/R/opt/x');
    expect(mapLabPath('/R', '/library')).toBe('/R/library');
  });

  it('maps argv[0] only when it exists in the root, other args only when their top-level dir does', () => {
    expect(mapLabArgv(root, ['/opt/media/setup.sh', '-s', '/opt/media/p.properties', '/nowhere/x', '/usr/bin/x', 'rel/x'])).toEqual([
      path.join(root, 'opt/media/setup.sh'), '-s', path.join(root, 'opt/media/p.properties'), '/nowhere/x', '/usr/bin/x', 'rel/x',
    ]);
    expect(mapLabArgv(root, ['/bin/echo', '/etc/hosts'])).toEqual(['/bin/echo', path.join(root, 'etc/hosts')]);
  });

  it('puts the node root and its shims into the environment', () => {
    expect(labEnv('/R', { PATH: '/usr/bin', A: '1' })).toEqual({ A: '1', ST_LAB_NODE_ROOT: '/R', PATH: '/R/.lab/bin:/usr/bin' });
  });
});

describe('lab adapter', () => {
  it('runs node scripts with mapped argv, cwd and env, and shims first on PATH', async () => {
    const lab = createLabAdapter({ node: 'lab-1', root });
    const r = await lab.exec(['/opt/media/setup.sh', '/etc/os-release'], { kind: 'read', cwd: '/opt' });
    expect(r.stdout).toBe(`${root}|${path.join(root, 'etc/os-release')}|${path.join(root, 'opt')}`);
    expect((await lab.exec(['hostname'], { kind: 'read' })).stdout).toBe('lab-node-1\n');
    expect(new TextDecoder().decode(await lab.readFile('/etc/os-release'))).toContain('Lab Linux');
  });

  it('writes under the root only, and follows the shared-FS symlink as a directory', async () => {
    const lab = createLabAdapter({ node: 'lab-1', root });
    await lab.writeFile('/mnt/st-shared/sentinel', 'token', { mode: 0o644 });
    expect(await readFile(path.join(shared, 'sentinel'), 'utf8')).toBe('token');
    expect(await lab.stat('/mnt/st-shared')).toMatchObject({ exists: true, type: 'dir' });
    await lab.writeFile('/opt/Axway/SecureTransport/bin/taeh', 'k', { mode: 0o600 });
    expect((await lab.stat('/opt/Axway/SecureTransport/bin/taeh')).mode).toBe(0o600);
    expect(await readFile(path.join(root, 'opt/Axway/SecureTransport/bin/taeh'), 'utf8')).toBe('k');
  });

  it('adds the configured latency to every operation', async () => {
    const slow = await createNodeAdapter({ name: 'lab-2', address: '127.0.0.12', adapter: 'lab', lab: { root, latencyMs: 120 } }, { baseDir: root });
    expect(slow.kind).toBe('lab');
    let started = performance.now();
    await slow.stat('/etc/os-release');
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    started = performance.now();
    await slow.exec(['true'], { kind: 'read' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });
});

describe('createNodeAdapter', () => {
  it('picks local and ssh by name', async () => {
    expect((await createNodeAdapter({ name: 'j', address: '127.0.0.1', adapter: 'local' }, { baseDir: '/' })).kind).toBe('local');
    const ssh = await createNodeAdapter({ name: 's', address: 'node1.example', adapter: 'ssh', ssh: { user: 'st' } }, { baseDir: '/', ssh: { acceptNewHostKeys: true } });
    expect(ssh.kind).toBe('ssh');
    expect((ssh as unknown as { hostKeyPolicy: string }).hostKeyPolicy).toBe('accept-new');
    await ssh.close();
  });

  it('explains an unknown adapter, a lab node without a root and an unsafe ssh setting', async () => {
    const unknown = await createNodeAdapter({ name: 'n9', address: 'x', adapter: 'telnet' }, { baseDir: '/' }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(AdapterError);
    expect((unknown as AdapterError).message).toBe('node n9: unknown adapter "telnet"');
    const noRoot = await createNodeAdapter({ name: 'n8', address: 'x', adapter: 'lab' }, { baseDir: '/' }).catch((e: unknown) => e);
    expect((noRoot as AdapterError).message).toMatch(/n8: adapter "lab" needs lab.root/);
    const sneaky = { name: 'n7', address: 'x', adapter: 'ssh', ssh: { options: { ProxyCommand: 'sh -c evil' } } } as never;
    const refused = await createNodeAdapter(sneaky, { baseDir: '/' }).catch((e: unknown) => e);
    expect((refused as AdapterError).message).toMatch(/n7: ssh option ProxyCommand is not on the allow-list/);
  });
});
