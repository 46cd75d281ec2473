// The real Admin REST shapes (issue 12 item 7), pinned trust (item 4) and the password
// change of a fresh install (item 3), against a real HTTPS server.
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stAdmindCert } from '../../src/checks/admind-cert.js';
import { cluster, on, runChecks } from '../../src/engine/check-runner.js';
import { createAdminApi } from '../../src/st/admin-api.js';
import { normalizePin, pinFromOpensslOutput } from '../../src/st/admin-pin.js';
import { adminTrust } from '../../src/st/admin-trust.js';
import { AdminApiError } from '../../src/st/admin-types.js';
import type { NodeAdapter } from '../../src/adapters/types.js';
import { ADMIN_PIN_PATTERN } from '../../src/answers/schema.js';
import { checkContext, fakeNode } from '../checks/fake-node.js';
import { json, startAdminFixture, type AdminFixture } from './https-fixture.js';

const PASSWORD = 'Initial-Pw-1';
const NEW_PASSWORD = 'N3w-Admin-Pw';
let fx: AdminFixture;
let truePin: string;

beforeAll(async () => {
  fx = await startAdminFixture();
  truePin = normalizePin(new X509Certificate(fx.certPem).fingerprint256);
});
afterAll(() => fx.close());
beforeEach(() => {
  fx.seen.length = 0;
});

const pinned = (pin = truePin) => createAdminApi({ nodeName: 'node1', address: '127.0.0.1', port: fx.port, user: 'admin', password: { reveal: () => PASSWORD }, pin: () => Promise.resolve({ pin, source: 'the test' }) });

async function failure(run: () => Promise<unknown>): Promise<AdminApiError> {
  const error = await run().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AdminApiError);
  return error as AdminApiError;
}

describe('the real REST shapes', () => {
  it('reads every page of a list (offset/limit, resultSet.returnCount)', async () => {
    const all = Array.from({ length: 230 }, (_, i) => ({ name: `cert${i}`, expirationTime: Date.UTC(2030, 0, 1) }));
    fx.handle((req, res) => {
      const url = new URL(req.url, 'https://x');
      const offset = Number(url.searchParams.get('offset'));
      const limit = Number(url.searchParams.get('limit'));
      const result = all.slice(offset, offset + limit);
      json(res, 200, { result, resultSet: { returnCount: result.length } });
    });
    const certs = await pinned().localCertificates();
    expect(certs.map((c) => c.alias)).toEqual(all.map((c) => c.name));
    expect(fx.seen.map((s) => new URL(s.url, 'https://x').searchParams.get('offset'))).toEqual(['0', '100', '200']);
    expect(fx.seen.every((s) => s.url.includes('usage=local&fields=name,subject,expirationTime'))).toBe(true);
  });

  it('takes cluster nodes as objects with serverAddress or as bare strings', async () => {
    fx.handle((_req, res) => json(res, 200, { isCluster: true, clusterMode: 'EC', clusterNodes: ['10.0.0.11', { serverAddress: '10.0.0.12' }] }));
    expect((await pinned().clusterManagement()).clusterNodes).toEqual([{ serverAddress: '10.0.0.11' }, { serverAddress: '10.0.0.12' }]);
  });

  it.each([
    ['the daemons', 'daemons' as const, { result: [{ name: 'ssh', status: 'alive' }] }],
    ['the daemons', 'daemons' as const, { sshStatus: 'Exploded' }],
    ['the local certificates', 'localCertificates' as const, [{ name: 'admind' }]],
    ['the local certificates', 'localCertificates' as const, { result: [{ alias: 'admind' }] }],
    ['the cluster management listing', 'clusterManagement' as const, { clusterNodes: [42] }],
  ])('reports %s of an unexpected shape as could-not-look (%#)', async (what, method, body) => {
    fx.handle((_req, res) => json(res, 200, body));
    const error = await failure(() => pinned()[method]());
    expect(error.message).toMatch(new RegExp(`^cannot read ${what} of node1 \\(unexpected shape`));
    expect(error.kind).toBe('shape');
    expect(error.couldNotLook).toBe(true);
    expect(error.fatal).toBe(false);
  });

  it('a check that meets an unexpected shape says could not look, never pass nor a plain failure', async () => {
    fx.handle((_req, res) => json(res, 200, { certificates: 'none' }));
    const { ctx } = checkContext({ node1: fakeNode('node1', 'files') }, { admin: () => pinned() });
    (ctx.answers.cluster as { tls: { enabled: boolean } }).tls.enabled = true;
    const { outcomes } = await runChecks(ctx, [...on([ctx.nodes[0]!], stAdmindCert), ...cluster()], { step: 'unit', report: false });
    // A warning check: could-not-look is its warning, marked unknown, never a pass.
    expect(outcomes[0]!.result).toMatchObject({ status: 'warn', unknown: true });
    expect(outcomes[0]!.result.detail).toContain('could not look: cannot read the local certificates of node1 (unexpected shape');
  });
});

describe('pinned trust', () => {
  it('trusts a self-issued certificate by its pin, with no CA at all', async () => {
    fx.handle((_req, res) => json(res, 200, { version: '5.5.0' }));
    expect(await pinned().version()).toBe('5.5.0');
    // The same pin as openssl prints it: capitals, colons between bytes.
    expect(await pinned(`sha256/${truePin.slice(7).toUpperCase().match(/../g)!.join(':')}`).version()).toBe('5.5.0');
  });

  it('a node presenting another certificate fails at once with both fingerprints, and nothing is sent', async () => {
    fx.handle((_req, res) => json(res, 200, { version: '5.5.0' }));
    const other = `sha256/${'ab'.repeat(32)}`;
    const error = await failure(() => pinned(other).version());
    expect(error.kind).toBe('tls');
    expect(error.fatal).toBe(true);
    expect(error.message).toContain(truePin);
    expect(error.message).toContain(other);
    expect(error.message).toContain('node1');
    expect(fx.seen).toHaveLength(0);
  });

  it('by default pins what the node presents on itself, read through its adapter, and reports the pin once', async () => {
    fx.handle((_req, res) => json(res, 200, { version: '5.5.0' }));
    const commands: string[][] = [];
    const onNode = (fingerprint: string): NodeAdapter =>
      ({
        node: 'node1',
        exec: (argv: readonly string[]) => {
          commands.push([...argv]);
          return Promise.resolve({ exitCode: 0, stdout: `sha256 Fingerprint=${fingerprint}\n`, stderr: '', durationMs: 1 });
        },
      }) as unknown as NodeAdapter;
    const seenPins: string[] = [];
    const colon = (pin: string): string => pin.slice(7).toUpperCase().match(/../g)!.join(':');
    const api = (adapter: NodeAdapter) => {
      const pinOf = adminTrust({ answers: { admin: { port: fx.port, tls: {} } } as never, adapter: () => adapter, onPinned: (_n, p) => seenPins.push(p.pin) });
      return createAdminApi({ nodeName: 'node1', address: '127.0.0.1', port: fx.port, user: 'admin', password: { reveal: () => PASSWORD }, pin: pinOf({ name: 'node1', address: '127.0.0.1' })! });
    };
    const good = api(onNode(colon(truePin)));
    expect(await good.version()).toBe('5.5.0');
    expect(await good.version()).toBe('5.5.0');
    expect(seenPins).toEqual([truePin]);
    expect(commands).toHaveLength(1);
    expect(commands[0]!.join(' ')).toContain(`openssl s_client -connect '127.0.0.1:${fx.port}'`);
    // What answers the jump host is not what the node itself presents: a man in the middle, or another server.
    const error = await failure(() => api(onNode(colon(`sha256/${'cd'.repeat(32)}`))).version());
    expect(error.message).toContain(truePin);
    expect(error.message).toContain(`sha256/${'cd'.repeat(32)}`);
    expect(error.message).toContain('read on node1 itself');
  });

  it('the one pin format: sha256/ and 64 hex digits, colons allowed; openssl output parses', () => {
    expect(ADMIN_PIN_PATTERN.test(`sha256/${'a'.repeat(64)}`)).toBe(true);
    expect(ADMIN_PIN_PATTERN.test(`sha256/${'AB:'.repeat(31)}AB`)).toBe(true);
    expect(ADMIN_PIN_PATTERN.test(`sha256/${'a'.repeat(63)}`)).toBe(false);
    expect(ADMIN_PIN_PATTERN.test('sha1/abcd')).toBe(false);
    expect(pinFromOpensslOutput(`SHA256 Fingerprint=${'0F:'.repeat(31)}0F`)).toBe(`sha256/${'0f'.repeat(32)}`);
    expect(pinFromOpensslOutput('unable to load certificate')).toBeNull();
  });
});

describe('changePassword', () => {
  it('logs in with POST /myself and sends the change in its session, as Axway\'s sample does', async () => {
    fx.handle((req, res) => {
      if (req.method === 'POST') {
        res.setHeader('set-cookie', 'JSESSIONID=abc; Path=/; Secure');
        res.setHeader('csrftoken', 'tok-1');
        return json(res, 200, { message: 'Logged in' });
      }
      json(res, 204);
    });
    await pinned().changePassword({ reveal: () => NEW_PASSWORD });
    const [login, patch] = fx.seen;
    expect(login).toMatchObject({ method: 'POST', url: '/api/v2.0/myself' });
    expect(patch).toMatchObject({ method: 'PATCH', url: '/api/v2.0/myself' });
    expect(JSON.parse(patch!.body)).toEqual([{ op: 'replace', path: '/passwordCredentials/password', value: NEW_PASSWORD }]);
    expect(patch!.headers.cookie).toBe('JSESSIONID=abc');
    expect(patch!.headers.csrftoken).toBe('tok-1');
    expect(patch!.headers.referer).toBeTruthy();
  });

  it('a refused change names the node and never shows a password', async () => {
    fx.handle((req, res) => (req.method === 'POST' ? json(res, 200, {}) : json(res, 400, { message: 'password policy' })));
    const error = await failure(() => pinned().changePassword({ reveal: () => NEW_PASSWORD }));
    expect(error.message).toContain('400');
    expect(`${error.message} ${error.fix}`).not.toContain(NEW_PASSWORD);
    expect(`${error.message} ${error.fix}`).not.toContain(PASSWORD);
  });
});
