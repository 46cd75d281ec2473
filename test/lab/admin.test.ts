import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { ADD_NODE_PATH, labUp, REMOVE_NODE_PATH, type LabInfo } from '../../src/lab/index.js';
import { api, existingSchema, install, labDir, randomAddressBase, script, writeProperties, home, labDownAndClean } from './support.js';

describe('lab Admin REST API', () => {
  let lab: LabInfo;
  const node = (i: number) => lab.nodes[i]!;
  const nodes = '/configurations/clusterManagement/nodes';

  beforeAll(async () => {
    lab = await labUp({ dir: labDir(), nodes: 2, dbUrl: inject('pgUrl'), addressBase: randomAddressBase(), name: 'admin' });
    expect((await install(node(0), writeProperties(lab, node(0), {}))).code).toBe(0);
    copyFileSync(home(node(0), 'bin', 'taeh'), path.join(node(1).root, 'tmp', 'taeh'));
    expect((await install(node(1), writeProperties(lab, node(1), existingSchema('/tmp/taeh')))).code).toBe(0);
  });
  afterAll(() => labDownAndClean(lab));

  it('answers 401 without valid credentials', async () => {
    expect((await api(lab, node(0), '/version', { password: null })).status).toBe(401);
    expect((await api(lab, node(0), '/version', { password: 'wrong' })).status).toBe(401);
  });

  it('a node installed on the existing schema answers 503 until it is registered', async () => {
    for (const p of ['/version', '/configurations/clusterManagement', '/configurations/options', '/docs/swagger.json']) {
      const result = await api(lab, node(1), p);
      expect(result.status, p).toBe(503);
      expect(result.body.message).toMatch(/not operational/);
    }
    expect((await api(lab, node(0), '/version')).body).toEqual({ version: '5.5.0' });
  });

  it('publishes the add and remove operations in swagger.json', async () => {
    const { body } = await api(lab, node(0), '/docs/swagger.json');
    const published = Object.entries(body.paths as Record<string, object>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${body.basePath}${p}`));
    expect(published).toContain(`POST ${ADD_NODE_PATH}`);
    expect(published).toContain(`DELETE ${REMOVE_NODE_PATH}`);
    expect(published).toContain('GET /api/v2.0/configurations/clusterManagement');
  });

  it('registers nodes, refuses a duplicate with 409, and lists them on every node', async () => {
    expect((await api(lab, node(0), nodes, { method: 'POST', body: { serverAddress: node(0).address } })).status).toBe(201);
    expect((await api(lab, node(0), nodes, { method: 'POST', body: { serverAddress: node(1).address } })).status).toBe(201);
    expect((await api(lab, node(0), nodes, { method: 'POST', body: { serverAddress: node(1).address } })).status).toBe(409);
    expect((await api(lab, node(0), nodes, { method: 'POST', body: {} })).status).toBe(400);
    const listing = await api(lab, node(1), '/configurations/clusterManagement');
    expect(listing.status).toBe(200);
    expect(listing.body).toEqual({ isCluster: true, clusterMode: 'EC', clusterNodes: [{ serverAddress: node(0).address }, { serverAddress: node(1).address }] });
  });

  it('keeps options in the shared DB: a value set on one node is read on the other', async () => {
    expect((await api(lab, node(1), '/configurations/options/Cluster.enable.SSL')).body).toEqual({ name: 'Cluster.enable.SSL', values: ['true'] });
    const put = await api(lab, node(0), '/configurations/options', { method: 'PUT', body: [{ name: 'Cluster.enable.SSL', values: ['false'] }] });
    expect(put.status).toBe(204);
    expect((await api(lab, node(1), '/configurations/options/Cluster.enable.SSL')).body.values).toEqual(['false']);
    expect((await api(lab, node(1), '/configurations/options')).body.result).toContainEqual({ name: 'Cluster.enable.SSL', values: ['false'] });
    expect((await api(lab, node(1), '/configurations/options/No.such.option')).status).toBe(404);
    expect((await api(lab, node(0), '/configurations/options', { method: 'PUT', body: { name: 'x' } })).status).toBe(400);
  });

  it('serves the admind certificate as the real API does: name, subject, expirationTime in ms, paged', async () => {
    // api() trusts only node 2's own self-issued certificate, for host = node address.
    const { status, body } = await api(lab, node(1), '/certificates?usage=local&fields=name,subject,expirationTime');
    expect(status).toBe(200);
    expect(body.result).toEqual([{ name: 'admind', subject: expect.stringContaining(node(1).address), expirationTime: expect.any(Number) }]);
    expect(body.result[0].subject).toContain('self-issued');
    expect(body.result[0].expirationTime).toBeGreaterThan(Date.now() + 365 * 86_400_000);
    expect(body.resultSet).toEqual({ returnCount: 1, totalCount: 1 });
    expect((await api(lab, node(1), '/certificates?usage=local&offset=1&limit=100')).body).toEqual({ result: [], resultSet: { returnCount: 0, totalCount: 1 } });
  });

  it('pages lists by offset and limit (default 100)', async () => {
    const all = (await api(lab, node(0), '/configurations/options')).body;
    expect(all.resultSet.returnCount).toBe(all.result.length);
    expect(all.result.length).toBeGreaterThan(1);
    const second = (await api(lab, node(0), '/configurations/options?offset=1&limit=1')).body;
    expect(second).toEqual({ result: [all.result[1]], resultSet: { returnCount: 1, totalCount: all.result.length } });
    expect((await api(lab, node(0), '/configurations/options?limit=x')).status).toBe(400);
  });

  it('refuses a call without a Referer with 403, saying what to send', async () => {
    const refused = await api(lab, node(0), '/version', { referer: false });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/Referer header is required/);
  });

  it('lists daemons and starts/stops one through daemon operations', async () => {
    const before = await api(lab, node(0), '/daemons');
    expect(before.body).toEqual({ sshStatus: 'Not running', ftpStatus: 'Not running', httpStatus: 'Not running', as2Status: 'Not running', pesitStatus: 'Disabled' });
    expect((await api(lab, node(0), '/daemons/operations?operation=start&daemon=ssh', { method: 'POST' })).status).toBe(204);
    expect((await api(lab, node(0), '/daemons')).body.sshStatus).toBe('Running');
    expect((await script(node(0), 'status_sshd')).stdout).toBe('sshd is alive\n');
    expect((await api(lab, node(0), '/daemons/operations?operation=stop&daemon=ssh', { method: 'POST' })).status).toBe(204);
    expect((await script(node(0), 'status_sshd')).stdout).toBe('sshd is down\n');
    expect((await api(lab, node(0), '/daemons/operations?operation=start&daemon=nope', { method: 'POST' })).status).toBe(400);
  });

  it('starts with admin/admin in the shared DB: PATCH /myself on node 1 changes it for node 2 too', async () => {
    const login = await api(lab, node(0), '/myself', { method: 'POST' });
    expect(login.status).toBe(200);
    const bad = await api(lab, node(0), '/myself', { method: 'PATCH', body: [{ op: 'replace', path: '/passwordCredentials/nope', value: 'x' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('/passwordCredentials/password');
    const patch = [{ op: 'replace', path: '/passwordCredentials/password', value: 'N3w-Lab-Pw' }];
    expect((await api(lab, node(0), '/myself', { method: 'PATCH', body: patch })).status).toBe(204);
    expect((await api(lab, node(0), '/version')).status).toBe(401);
    expect((await api(lab, node(0), '/version', { password: 'N3w-Lab-Pw' })).status).toBe(200);
    // Node 2 is registered above: it reads the same account from the shared DB.
    expect((await api(lab, node(1), '/version', { password: 'N3w-Lab-Pw' })).status).toBe(200);
    expect((await api(lab, node(1), '/myself', { method: 'PATCH', password: 'N3w-Lab-Pw', body: [{ op: 'replace', path: '/passwordCredentials/password', value: 'admin' }] })).status).toBe(204);
  });

  it('removes a node (204, then 404) and the removed node is no longer operational', async () => {
    expect((await api(lab, node(0), `${nodes}/${node(1).address}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(lab, node(0), `${nodes}/${node(1).address}`, { method: 'DELETE' })).status).toBe(404);
    expect((await api(lab, node(1), '/version')).status).toBe(503);
  });
});
