import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { labUp, type LabInfo } from '../../src/lab/index.js';
import { api, existingSchema, home, install, labDir, labQuery, randomAddressBase, script, writeProperties, labDownAndClean } from './support.js';

describe('lab installer (setup.sh -s)', () => {
  let lab: LabInfo;
  const node = (i: number) => lab.nodes[i]!;

  beforeAll(async () => {
    lab = await labUp({ dir: labDir(), nodes: 3, dbUrl: inject('pgUrl'), addressBase: randomAddressBase(), name: 'installer' });
  });
  afterAll(() => labDownAndClean(lab));

  it('installs the first node: new schema with clusternode, a fresh 0600 taeh, only Admin running', async () => {
    const result = await install(node(0), writeProperties(lab, node(0), {}));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(readFileSync(lab.dbPasswordFile, 'utf8'));
    const taeh = statSync(home(node(0), 'bin', 'taeh'));
    expect(taeh.size).toBe(1024);
    expect(taeh.mode & 0o777).toBe(0o600);
    const tables = await labQuery<{ t: string }>(lab, "SELECT to_regclass('clusternode')::text AS t");
    expect(tables[0]!.t).toBe('clusternode');
    expect(await labQuery(lab, 'SELECT * FROM clusternode')).toEqual([]);
    expect(readFileSync(home(node(0), 'conf', 'version.txt'), 'utf8')).toBe('5.5.0\n');
    expect(existsSync(home(node(0), 'var', 'run', 'admin', 'tomcat.pid'))).toBe(true);
    expect(readdirSync(home(node(0), 'var', 'run')).filter((f) => f.endsWith('.pid'))).toEqual([]);
    expect((await script(node(0), 'status_all')).stdout).toContain('TM is down');
    expect((await api(lab, node(0), '/version')).body).toEqual({ version: '5.5.0' });
  });

  it('refuses a non-empty install dir', async () => {
    const result = await install(node(0), writeProperties(lab, node(0), {}, 'again.properties'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not empty/);
  });

  it('refuses a new schema where one exists', async () => {
    const result = await install(node(2), writeProperties(lab, node(2), {}, 'new.properties'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/already holds a SecureTransport schema/);
    expect(existsSync(home(node(2)))).toBe(false);
  });

  it('refuses a taeh that does not match the schema, and registers nothing', async () => {
    const wrong = Buffer.from(readFileSync(home(node(0), 'bin', 'taeh')));
    wrong[0] = wrong[0]! ^ 0xff;
    writeFileSync(path.join(node(1).root, 'tmp', 'taeh'), wrong, { mode: 0o600 });
    const props = writeProperties(lab, node(1), { ...existingSchema('/tmp/taeh'), clusterNodeValue: node(1).address }, 'wrong.properties');
    const result = await install(node(1), props);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/taeh .* does not match/);
    expect(existsSync(home(node(1))) && readdirSync(home(node(1))).length > 0).toBe(false);
    expect(await labQuery(lab, 'SELECT * FROM clusternode')).toEqual([]);
  });

  it('installs another node with the first node\'s taeh and auto-registers it via clusterNodeValue', async () => {
    copyFileSync(home(node(0), 'bin', 'taeh'), path.join(node(1).root, 'tmp', 'taeh'));
    // SecretFilePath given as a real (already mapped) path: both forms are accepted.
    const props = writeProperties(lab, node(1), { ...existingSchema(path.join(node(1).root, 'tmp', 'taeh')), clusterNodeValue: node(1).address }, 'right.properties');
    const result = await install(node(1), props);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(home(node(1), 'bin', 'taeh'))).toEqual(readFileSync(home(node(0), 'bin', 'taeh')));
    expect(statSync(home(node(1), 'bin', 'taeh')).mode & 0o777).toBe(0o600);
    expect(await labQuery(lab, 'SELECT serveraddress FROM clusternode')).toEqual([{ serveraddress: node(1).address }]);
    expect((await api(lab, node(1), '/version')).status).toBe(200);
  });

  it('refuses an existing schema without a taeh', async () => {
    const result = await install(node(2), writeProperties(lab, node(2), existingSchema(''), 'no-taeh.properties'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/SecretFilePath is required/);
  });
});
