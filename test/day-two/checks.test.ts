// The day-two checks and st.admind-cert against fakes at the ports (Admin API, jump host, clock).
import { describe, expect, it } from 'vitest';
import { admindCertFacts, stAdmindCert } from '../../src/checks/admind-cert.js';
import { licenseNodeCount, parseMaxNodes, removalRefusal, removeSafe } from '../../src/day-two/checks.js';
import { managerFor, removeOperation } from '../../src/day-two/cluster-api.js';
import type { RunContext } from '../../src/engine/types.js';
import { AdminApiError, type AdminApi, type AdminCertificate } from '../../src/st/admin-types.js';
import { fakeContext } from '../engine/fake-context.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400_000;

function context(options: { registered?: string[]; license?: string; certs?: AdminCertificate[] | Error; tls?: boolean; removePath?: string } = {}): RunContext {
  const { ctx } = fakeContext(['n1', 'n2', 'n3', 'n4']);
  const admin = {
    clusterManagement: () => Promise.resolve({ isCluster: true, clusterMode: 'EC', clusterNodes: (options.registered ?? []).map((serverAddress) => ({ serverAddress })) }),
    localCertificates: () => (options.certs instanceof Error ? Promise.reject(options.certs) : Promise.resolve(options.certs ?? [])),
  } as unknown as AdminApi;
  return {
    ...ctx,
    answers: {
      cluster: { tls: { enabled: options.tls ?? true, minDaysLeft: 30 } },
      licenses: { features: '/jump/st.license' },
      admin: { register: { method: 'api', ...(options.removePath ? { removePath: options.removePath } : {}) } },
    } as unknown as RunContext['answers'],
    admin: () => admin,
    jumpHost: { readFile: () => Promise.resolve(new TextEncoder().encode(options.license ?? '')), sha256: () => Promise.resolve(null) },
    clock: { now: () => NOW, sleep: () => Promise.resolve() },
  };
}

describe('parseMaxNodes', () => {
  it('reads MaxNodes=N from a key=value license and nothing else', () => {
    expect(parseMaxNodes('# lab\nEnterpriseCluster=true\nMaxNodes=3\n')).toBe(3);
    expect(parseMaxNodes('MaxNodes = 12\r\n')).toBe(12);
    expect(parseMaxNodes('<license><nodes>3</nodes></license>')).toBeNull();
    expect(parseMaxNodes('MaxNodes=0')).toBeNull();
    expect(parseMaxNodes('XMaxNodes=3')).toBeNull();
  });
});

describe('st.license-node-count', () => {
  const target = { name: 'n4', address: '10.0.0.4', index: 3, first: false };
  it('fails when the new node would exceed the licensed count, and says so', async () => {
    const result = await licenseNodeCount(target).run(context({ registered: ['10.0.0.1', '10.0.0.2', '10.0.0.3'], license: 'MaxNodes=3\n' }));
    expect(result.status).toBe('fail');
    expect(result.detail).toBe('adding n4 makes 4 registered nodes; the features license (/jump/st.license) allows 3');
  });
  it('passes within the count and when the node is already registered (a resumed add)', async () => {
    expect((await licenseNodeCount(target).run(context({ registered: ['10.0.0.1'], license: 'MaxNodes=2' }))).status).toBe('pass');
    expect((await licenseNodeCount(target).run(context({ registered: ['10.0.0.1', '10.0.0.4'], license: 'MaxNodes=2' }))).status).toBe('pass');
  });
  it('skips with a note when the license gives no count it can read', async () => {
    const result = await licenseNodeCount(target).run(context({ registered: ['10.0.0.1'], license: '\u0000binary' }));
    expect(result.status).toBe('skip');
    expect(result.detail).toMatch(/cannot read a node count from \/jump\/st\.license/);
  });
});

describe('removal refusal', () => {
  const first = { name: 'n1', address: '10.0.0.1', first: true };
  const other = { name: 'n3', address: '10.0.0.3', first: false };
  it('refuses the last node and the first node while others depend on it', () => {
    expect(removalRefusal(other, ['10.0.0.3'])).toBe('n3 (10.0.0.3) is the last node of the cluster');
    expect(removalRefusal(first, ['10.0.0.1', '10.0.0.2'])).toBe('n1 is the first node and 1 other node(s) depend on it (10.0.0.2)');
    expect(removalRefusal(other, ['10.0.0.1', '10.0.0.3'])).toBeNull();
    expect(removalRefusal(other, ['10.0.0.1'])).toBeNull();
  });
  it('st.remove-safe fails without --force and passes, saying why, with it', async () => {
    const ctx = context({ registered: ['10.0.0.1', '10.0.0.2'] });
    const node = ctx.nodes[0]!;
    const via = managerFor(ctx, node);
    expect(via.name).toBe('n2');
    expect((await removeSafe(node, via, false).run(ctx)).status).toBe('fail');
    const forced = await removeSafe(node, via, true).run(ctx);
    expect(forced).toMatchObject({ status: 'pass', detail: expect.stringMatching(/first node.*--force/) });
  });
  it('takes the remove path as a collection or as the published template', () => {
    expect(removeOperation(context({ removePath: '/api/v2.0/configurations/clusterManagement/nodes/{serverAddress}' }))?.base).toBe('/api/v2.0/configurations/clusterManagement/nodes');
    const op = removeOperation(context({ removePath: '/api/v2.0/cm/nodes/' }))!;
    expect(op.base).toBe('/api/v2.0/cm/nodes');
    expect(op.published.test('DELETE /api/v2.0/cm/nodes/{id}')).toBe(true);
    expect(op.published.test('DELETE /api/v2.0/cm/nodesX/{id}')).toBe(false);
    expect(removeOperation(context())).toBeNull();
  });
});

describe('st.admind-cert', () => {
  const cert = (days: number): AdminCertificate => ({ alias: 'admind', usage: 'local', notAfter: new Date(NOW + days * DAY).toISOString() });
  const run = async (options: Parameters<typeof context>[0]) => {
    const ctx = context(options);
    return stAdmindCert.run(ctx, ctx.nodes[1]!);
  };
  it('is a warning-severity node check', () => {
    expect(stAdmindCert).toMatchObject({ id: 'st.admind-cert', severity: 'warning', scope: 'node' });
  });
  it('passes with the expiry date and days left', async () => {
    expect(await run({ certs: [cert(100)] })).toEqual({ status: 'pass', detail: 'admind expires on 2026-04-11 (100 days left)' });
  });
  it('fails when expiring within minDaysLeft, expired or missing', async () => {
    expect((await run({ certs: [cert(10)] })).detail).toBe('admind expires on 2026-01-11 (10 days left, fewer than 30)');
    expect((await run({ certs: [cert(-2)] })).detail).toBe('admind expired on 2025-12-30');
    expect(await run({ certs: [{ alias: 'other', usage: 'local' }] })).toMatchObject({ status: 'fail', detail: 'no local certificate with alias admind' });
  });
  it('skips when TLS is off or Admin does not answer', async () => {
    expect((await run({ tls: false, certs: [] })).status).toBe('skip');
    expect((await run({ certs: new AdminApiError('unreachable', 'https://x', 'refused', 'start it') })).status).toBe('skip');
  });
  it('reads the facts status shows', () => {
    expect(admindCertFacts([cert(31)], NOW)).toEqual({ present: true, notAfter: new Date(NOW + 31 * DAY).toISOString(), daysLeft: 31 });
    expect(admindCertFacts([{ alias: 'admind', usage: 'local' }], NOW)).toEqual({ present: true, notAfter: null, daysLeft: null });
    expect(admindCertFacts([], NOW)).toEqual({ present: false, notAfter: null, daysLeft: null });
  });
});
