// st.restart-safe / st.restart-licensed / st.registration-exact against fakes at the ports.
import { describe, expect, it } from 'vitest';
import { restartLicensed, restartSafe, stRegistrationExact, type RestartScope } from '../../src/checks/restart-safe.js';
import type { RunContext } from '../../src/engine/types.js';
import { AdminApiError, type AdminApi } from '../../src/st/admin-types.js';
import { fakeContext } from '../engine/fake-context.js';

interface Options {
  registered?: string[] | AdminApiError;
  dbRegistered?: string[];
  license?: string;
  /** Node names whose license files differ from the answers'. */
  unlicensed?: string[];
  adminAlive?: boolean;
}

function context(o: Options = {}): RunContext {
  const { ctx } = fakeContext(['n1', 'n2', 'n3']);
  const admin = {
    clusterManagement: () =>
      o.registered instanceof AdminApiError ? Promise.reject(o.registered) : Promise.resolve({ isCluster: true, clusterMode: 'EC', clusterNodes: (o.registered ?? []).map((serverAddress) => ({ serverAddress })) }),
    version: () => (o.registered instanceof AdminApiError ? Promise.reject(o.registered) : Promise.resolve('5.5')),
  } as unknown as AdminApi;
  return {
    ...ctx,
    answers: { cluster: { installDir: '/opt/st' }, licenses: { core: '/jump/core', features: '/jump/st.license' } } as unknown as RunContext['answers'],
    admin: () => admin,
    db: { clusterNodeAddresses: () => Promise.resolve(o.dbRegistered ?? []) } as unknown as RunContext['db'],
    adapter: (node) =>
      ({
        sha256: () => Promise.resolve(o.unlicensed?.includes(node.name) ? 'other' : 'sha'),
        readFile: () => (o.adminAlive ? Promise.resolve(new TextEncoder().encode(`${process.pid}\n`)) : Promise.reject(Object.assign(new Error('ENOENT'), { code: 'ENOENT' }))),
        exec: () => Promise.resolve({ exitCode: o.adminAlive ? 0 : 1, stdout: '', stderr: '' }),
        stat: () => Promise.resolve({ exists: false }),
      }) as unknown as ReturnType<RunContext['adapter']>,
    jumpHost: { readFile: () => Promise.resolve(new TextEncoder().encode(o.license ?? 'MaxNodes=3\n')), sha256: () => Promise.resolve('sha') },
  };
}

const all = (registration: RestartScope['registration']): RestartScope => ({ members: (x) => x.nodes, registration, licensed: (x) => x.nodes });
const ALL = ['10.0.0.1', '10.0.0.2', '10.0.0.3'];

describe('st.restart-safe', () => {
  it('passes when cluster management lists exactly the answers, Admin logs in and every node is licensed', async () => {
    const result = await restartSafe(all('complete')).run(context({ registered: ALL }));
    expect(result.status).toBe('pass');
    expect(result.detail).toContain('admin.user logs in on n1');
  });

  it('names a stray address and both fixes', async () => {
    const result = await restartSafe(all('complete')).run(context({ registered: [...ALL, '10.0.0.99'] }));
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('10.0.0.99 is registered in the cluster but is no node of the answers');
    expect(result.fix).toMatch(/Remove 10\.0\.0\.99 in n1's Admin Tool.*or add the node with that address to the answers file/);
  });

  it('while registration is being built, a missing address is fine but a stray is not', async () => {
    expect((await restartSafe(all('building')).run(context({ registered: ['10.0.0.1'] }))).status).toBe('pass');
    expect((await restartSafe(all('complete')).run(context({ registered: ['10.0.0.1'] }))).detail).toContain('n2 (10.0.0.2) is not registered');
    expect((await restartSafe(all('building')).run(context({ registered: ['10.0.0.7'] }))).detail).toContain('10.0.0.7 is registered');
  });

  it('a listing that could not be read is never a pass (401 says so, with its own fix)', async () => {
    const denied = new AdminApiError(401, 'https://x/api', 'admin.password does not log in as admin.user (admin) on n1 (HTTP 401)', 'Check admin.user …');
    const result = await restartSafe(all('complete')).run(context({ registered: denied }));
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('could not read the cluster registration through n1');
    expect(result.detail).toContain('HTTP 401');
    expect(result.fix).toBe('Check admin.user …');
  });

  it('an Admin that is down is read through CLUSTERNODE; a stray there fails too', async () => {
    const down = new AdminApiError('unreachable', 'https://x/api', 'unreachable', 'start it');
    const ok = await restartSafe(all('complete')).run(context({ registered: down, dbRegistered: ALL }));
    expect(ok.status).toBe('pass');
    expect(ok.detail).toContain('does not answer now');
    const stray = await restartSafe(all('complete')).run(context({ registered: down, dbRegistered: [...ALL, '10.0.0.9'] }));
    expect(stray.detail).toContain('10.0.0.9');
  });

  it('a node to be restarted without its licenses fails', async () => {
    const result = await restartSafe(all('complete')).run(context({ registered: ALL, unlicensed: ['n3'] }));
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('n3');
  });
});

describe('st.restart-licensed', () => {
  it('counts the registered and the answers\' addresses against MaxNodes', async () => {
    expect((await restartLicensed(all('complete')).run(context({ registered: ALL }))).status).toBe('pass');
    const over = await restartLicensed(all('complete')).run(context({ registered: [...ALL, '10.0.0.4'] }));
    expect(over.status).toBe('fail');
    expect(over.detail).toContain('4 node(s) would be registered; the features license (/jump/st.license) allows 3');
  });

  it('a license with no readable count is not a pass: the fix says how to accept it with a reason', async () => {
    const result = await restartLicensed(all('building')).run(context({ registered: [], license: '<opaque/>' }));
    expect(result.status).toBe('fail');
    expect(result.fix).toContain('--accept-risk st.restart-licensed');
  });
});

describe('st.registration-exact', () => {
  it('fails on a stray address with the address and the fix, passes otherwise', async () => {
    expect((await stRegistrationExact.run(context({ registered: ALL }))).status).toBe('pass');
    const stray = await stRegistrationExact.run(context({ registered: [...ALL, '10.9.9.9'] }));
    expect(stray.status).toBe('fail');
    expect(stray.detail).toContain('10.9.9.9');
    expect(stray.fix).toContain('Cluster Management');
  });
});
