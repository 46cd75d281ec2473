import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAdminApi, operationsFromSwagger } from '../../src/st/admin-api.js';
import { AdminApiError } from '../../src/st/admin-types.js';
import { json, startAdminFixture, type AdminFixture } from './https-fixture.js';

const PASSWORD = 'S3cret-Admin-Pw';
const password = { reveal: () => PASSWORD };
let fx: AdminFixture;

beforeAll(async () => {
  fx = await startAdminFixture();
});
afterAll(async () => {
  await fx.close();
});
beforeEach(() => {
  fx.seen.length = 0;
});

const api = (extra: { caFile?: string; password?: { reveal(): string }; timeoutMs?: number } = {}) =>
  createAdminApi({ address: '127.0.0.1', port: fx.port, user: 'admin', password, caFile: fx.caFile, ...extra });

async function failure(run: () => Promise<unknown>): Promise<AdminApiError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AdminApiError);
  const e = error as AdminApiError;
  expect(`${e.message} ${e.fix} ${e.url}`).not.toContain(PASSWORD);
  return e;
}

describe('createAdminApi', () => {
  it('sends Basic auth and a constant Referer on every call', async () => {
    fx.handle((_req, res) => json(res, 200, { version: '5.5.0' }));
    const admin = api();
    expect(admin.baseUrl).toBe(`https://127.0.0.1:${fx.port}/api/v2.0`);
    expect(await admin.version()).toBe('5.5.0');
    expect(await admin.version()).toBe('5.5.0');
    expect(fx.seen).toHaveLength(2);
    for (const seen of fx.seen) {
      expect(seen.url).toBe('/api/v2.0/version');
      expect(seen.headers.authorization).toBe(`Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`);
      expect(seen.headers.referer).toBe(`https://127.0.0.1:${fx.port}/`);
    }
  });

  it('accepts the CA as PEM text as well as a path', async () => {
    fx.handle((_req, res) => json(res, 200, { version: '5.5.1' }));
    expect(await api({ caFile: fx.caPem }).version()).toBe('5.5.1');
    fx.handle((_req, res) => json(res, 200, { product: 'something else' }));
    expect((await failure(() => api().version())).fix).toMatch(/admin\.port/);
  });

  it('turns 401 into an error that points at the admin credentials', async () => {
    fx.handle((_req, res) => json(res, 401, { message: 'Unauthorized' }));
    const error = await failure(() => api({ password: { reveal: () => 'wrong' } }).clusterManagement());
    expect(error.status).toBe(401);
    expect(error.url).toBe(`https://127.0.0.1:${fx.port}/api/v2.0/configurations/clusterManagement`);
    expect(error.fix).toMatch(/admin\.user.*admin\.password/);
  });

  it('resolves version() to null on 503 and throws 503 elsewhere', async () => {
    fx.handle((_req, res) => json(res, 503, { message: 'started but not operational' }));
    expect(await api().version()).toBeNull();
    const error = await failure(() => api().daemons());
    expect(error.status).toBe(503);
    expect(error.message).toContain('started but not operational');
  });

  it('reads cluster management, options, certificates and daemons', async () => {
    fx.handle((req, res) => {
      if (req.url === '/api/v2.0/configurations/clusterManagement') json(res, 200, { isCluster: true, clusterMode: 'EC', clusterNodes: [{ serverAddress: '10.0.0.11' }] });
      else if (req.url === '/api/v2.0/configurations/options/Cluster.enable.SSL') json(res, 200, { name: 'Cluster.enable.SSL', values: ['true'] });
      else if (req.url === '/api/v2.0/configurations/options' && req.method === 'PUT') json(res, 204);
      else if (req.url === '/api/v2.0/certificates?usage=local&fields=name,subject,expirationTime&offset=0&limit=100') {
        json(res, 200, { result: [{ name: 'admind', subject: 'CN=10.0.0.11', expirationTime: Date.UTC(2030, 0, 1) }], resultSet: { returnCount: 1 } });
      } else if (req.url === '/api/v2.0/daemons') json(res, 200, { sshStatus: 'Running', ftpStatus: 'Not running', pesitStatus: 'Disabled' });
      else json(res, 404, { message: 'not found' });
    });
    const admin = api();
    expect(await admin.clusterManagement()).toEqual({ isCluster: true, clusterMode: 'EC', clusterNodes: [{ serverAddress: '10.0.0.11' }] });
    expect(await admin.getOption('Cluster.enable.SSL')).toEqual(['true']);
    expect(await admin.getOption('No.Such.Option')).toBeNull();
    await admin.setOption('Cluster.enable.SSL', ['false']);
    expect(JSON.parse(fx.seen.at(-1)!.body)).toEqual([{ name: 'Cluster.enable.SSL', values: ['false'] }]);
    expect(fx.seen.at(-1)!.headers['content-type']).toBe('application/json');
    expect(await admin.localCertificates()).toEqual([{ alias: 'admind', subject: 'CN=10.0.0.11', notAfter: '2030-01-01T00:00:00.000Z' }]);
    expect(await admin.daemons()).toEqual([{ name: 'ssh', status: 'alive' }, { name: 'ftp', status: 'down' }, { name: 'pesit', status: 'disabled' }]);
  });

  it('adds and removes a cluster node at the configured path; 409 says already registered', async () => {
    const registered = new Set<string>();
    const path = '/api/v2.0/configurations/clusterManagement/nodes';
    fx.handle((req, res) => {
      if (req.method === 'POST' && req.url === path) {
        const { serverAddress } = JSON.parse(req.body) as { serverAddress: string };
        if (registered.has(serverAddress)) return json(res, 409, { message: 'duplicate' });
        registered.add(serverAddress);
        return json(res, 201, { serverAddress });
      }
      if (req.method === 'DELETE' && req.url?.startsWith(`${path}/`)) {
        const address = decodeURIComponent(req.url.slice(path.length + 1));
        return json(res, registered.delete(address) ? 204 : 404);
      }
      json(res, 404);
    });
    const admin = api();
    await admin.addClusterNode(path, '10.0.0.12');
    expect(registered.has('10.0.0.12')).toBe(true);
    const dup = await failure(() => admin.addClusterNode(path, '10.0.0.12'));
    expect(dup.status).toBe(409);
    expect(dup.message).toMatch(/10\.0\.0\.12 is already registered/);
    await admin.removeClusterNode(path, '10.0.0.12');
    expect(registered.size).toBe(0);
    expect((await failure(() => admin.removeClusterNode(path, '10.0.0.12'))).status).toBe(404);
  });

  it('lists published operations from swagger.json with the base path', async () => {
    fx.handle((_req, res) =>
      json(res, 200, {
        swagger: '2.0',
        basePath: '/api/v2.0',
        paths: { '/version': { get: {} }, '/configurations/clusterManagement/nodes': { post: {}, parameters: [] }, '/configurations/clusterManagement/nodes/{serverAddress}': { delete: {} } },
      }),
    );
    expect((await api().publishedOperations()).sort()).toEqual([
      'DELETE /api/v2.0/configurations/clusterManagement/nodes/{serverAddress}',
      'GET /api/v2.0/version',
      'POST /api/v2.0/configurations/clusterManagement/nodes',
    ]);
    expect(fx.seen[0]!.url).toBe('/api/v2.0/docs/swagger.json');
    expect(operationsFromSwagger({ servers: [{ url: 'https://x:8444/api/v2.0/' }], paths: { '/a': { put: {} } } })).toEqual(['PUT /api/v2.0/a']);
    expect(operationsFromSwagger(null)).toEqual([]);
  });

  it('refuses a certificate it cannot verify, and the request never reaches the server', async () => {
    fx.handle((_req, res) => json(res, 200, { version: '5.5.0' }));
    const error = await failure(() => createAdminApi({ address: '127.0.0.1', port: fx.port, user: 'admin', password }).version());
    expect(error.status).toBe('tls');
    expect(error.fix).toMatch(/admin\.caFile/);
    expect(fx.seen).toHaveLength(0);
    // Trusted CA, but the name is not in the certificate's subjectAltName.
    const mismatch = await failure(() => createAdminApi({ address: 'localhost', port: fx.port, user: 'admin', password, caFile: fx.caFile }).version());
    expect(mismatch.status).toBe('tls');
    expect(fx.seen).toHaveLength(0);
  });

  it('reports an unreachable Admin and a silent one', async () => {
    const held = new Set<net.Socket>();
    const probe = net.createServer((socket) => void held.add(socket.on('error', () => undefined)));
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const silentPort = (probe.address() as net.AddressInfo).port;
    const silent = await failure(() => createAdminApi({ address: '127.0.0.1', port: silentPort, user: 'admin', password, timeoutMs: 300 }).version());
    expect(silent.status).toBe('timeout');
    // The port refuses once the server has closed (close's callback, after its held connection ends), not after a guessed delay.
    const closed = new Promise<void>((resolve) => probe.close(() => resolve()));
    for (const socket of held) socket.destroy();
    await closed;
    const refused = await failure(() => createAdminApi({ address: '127.0.0.1', port: silentPort, user: 'admin', password }).version());
    expect(refused.status).toBe('unreachable');
    expect(refused.fix).toMatch(new RegExp(`port ${silentPort} open from the jump host`));
  });

  it('says when admin.caFile cannot be read', async () => {
    const error = await failure(() => api({ caFile: '/nonexistent/ca.pem' }).version());
    expect(error.message).toContain('/nonexistent/ca.pem');
  });
});

describe('AdminApiError kinds (what waiting can and cannot cure)', () => {
  const named = (extra: { caFile?: string; address?: string } = {}) =>
    createAdminApi({ nodeName: 'node1', address: '127.0.0.1', port: fx.port, user: 'admin', password, caFile: fx.caFile, ...extra });

  it('401 is auth and fatal, and names the keys, the user and the node', async () => {
    fx.handle((_req, res) => json(res, 401, { message: 'Unauthorized' }));
    const error = await failure(() => named().version());
    expect(error.kind).toBe('auth');
    expect(error.fatal).toBe(true);
    expect(error.message).toBe('admin.password does not log in as admin.user (admin) on node1 (HTTP 401)');
  });

  it('403 is forbidden and fatal; 503 is unavailable and 404 not-found, neither fatal', async () => {
    fx.handle((_req, res) => json(res, 403, { message: 'Forbidden' }));
    const forbidden = await failure(() => named().clusterManagement());
    expect([forbidden.kind, forbidden.fatal]).toEqual(['forbidden', true]);
    expect(forbidden.message).toContain('on node1 (HTTP 403');
    fx.handle((_req, res) => json(res, 503, { message: 'not operational' }));
    const unavailable = await failure(() => named().daemons());
    expect([unavailable.kind, unavailable.fatal]).toEqual(['unavailable', false]);
    fx.handle((_req, res) => json(res, 404, { message: 'no' }));
    const missing = await failure(() => named().localCertificates());
    expect([missing.kind, missing.fatal]).toEqual(['not-found', false]);
  });

  it('a body of the wrong shape is shape, not fatal', async () => {
    fx.handle((_req, res) => json(res, 200, { product: 'not ST' }));
    const error = await failure(() => named().version());
    expect([error.kind, error.fatal]).toEqual(['shape', false]);
  });

  it('an untrusted certificate is tls and fatal, naming the node and that no caFile is set', async () => {
    const error = await failure(() => createAdminApi({ nodeName: 'node1', address: '127.0.0.1', port: fx.port, user: 'admin', password }).version());
    expect([error.kind, error.fatal]).toEqual(['tls', true]);
    expect(error.message).toContain('node1');
    expect(error.message).toContain('not trusted');
    expect(error.fix).toContain('admin.caFile');
  });

  it('a hostname mismatch is tls and fatal, naming the address, the node and the caFile', async () => {
    const error = await failure(() => named({ address: 'localhost' }).version());
    expect([error.kind, error.fatal]).toEqual(['tls', true]);
    expect(error.message).toMatch(/node1 \(localhost:\d+\) does not name localhost/);
    expect(error.fix).toContain(fx.caFile);
  });

  it('an unreadable caFile is tls and fatal; unreachable and timeout are not fatal', async () => {
    const unreadable = await failure(() => named({ caFile: '/nonexistent/ca.pem' }).version());
    expect([unreadable.kind, unreadable.fatal]).toEqual(['tls', true]);
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const refused = await failure(() => createAdminApi({ address: '127.0.0.1', port, user: 'admin', password }).version());
    expect([refused.kind, refused.fatal]).toEqual(['unreachable', false]);
  });
});
