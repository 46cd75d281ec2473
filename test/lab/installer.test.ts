import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { labUp, type LabInfo } from '../../src/lab/index.js';
import { userInfo } from 'node:os';
import { AXWAY_INSTALLER_FILE, ST_SILENT_FILE } from '../../src/lab/sim/media.js';
import { api, existingSchema, home, install, labDir, labQuery, MEDIA, randomAddressBase, run, script, writeProperties, labDownAndClean } from './support.js';

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

  describe('refuses what the real installer refuses, before it touches anything', () => {
    const refused = async (extra: Record<string, string | null>, pattern: RegExp, file: string, umask?: string): Promise<void> => {
      const result = await install(node(2), writeProperties(lab, node(2), extra, `${file}.properties`), umask);
      expect(result.code, result.stdout).toBe(1);
      expect(result.stderr).toMatch(pattern);
      expect(existsSync(home(node(2)))).toBe(false);
    };

    it('a -s file that is not the Axway installer file', async () => {
      const stFile = writeProperties(lab, node(2), {}, 'direct.properties').replace(AXWAY_INSTALLER_FILE, ST_SILENT_FILE);
      const result = await install(node(2), stFile);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/is not an Axway installer silent file \(no "Component = Axway_Installer"\): give setup.sh -s the Install_Axway_Installer_<version>.properties/);
    });
    it('no include, and an include that is not there', async () => {
      await refused({ 'axway.IncludeFiles.SecureTransport': null }, /IncludeFiles.SecureTransport is not set/, 'no-include');
      await refused({ 'axway.IncludeFiles.SecureTransport': 'Install_SecureTransport_V9.9.properties' }, /the included SecureTransport file Install_SecureTransport_V9.9.properties is not found beside it/, 'bad-include');
    });
    it('general conditions not accepted', async () => {
      await refused({ 'Component.ACCEPT_GENERAL_CONDITIONS': 'No' }, /ACCEPT_GENERAL_CONDITIONS is "No": the general conditions must be accepted \(Yes\)/, 'conditions');
    });
    it('modules that are not a Server install', async () => {
      await refused({ Edge: 'true' }, /a SecureTransport Server install needs SecureTransport = true, Server = true, Edge = false \(found SecureTransport = true, Server = true, Edge = true\)/, 'edge');
    });
    it('a userName other than the running account', async () => {
      await refused({ userName: 'axway' }, new RegExp(`userName is "axway" but the installer runs as ${userInfo().username}`), 'user');
    });
    it('a root run of a non-root install (or a non-root run of a root install)', async () => {
      const root = userInfo().uid === 0;
      await refused({ isNonRootInstall: String(root) }, root ? /isNonRootInstall = true but the installer runs as root/ : /isNonRootInstall = false \(a root install\) but the installer runs as/, 'root');
    });
    it('an umask other than 022', async () => {
      await refused({}, /the installer runs with umask 0077: SecureTransport must be installed with umask 022/, 'umask', '077');
    });
    it('a clear password under a .Format key; the Silent File Editor\'s encrypted one passes that check', async () => {
      await refused({ 'postgrePassword.Format': 'DefenceV1' }, /postgrePassword.Format = DefenceV1 but postgrePassword is not encrypted: encrypt it with Tools\/SilentFileEditor\/SilentFileEditor.sh … -c, or delete the postgrePassword.Format line/, 'format');
      const props = writeProperties(lab, node(2), { 'postgrePassword.Format': 'DefenceV1' }, 'encrypted.properties');
      const stFile = path.join(node(2).root, path.dirname(props), ST_SILENT_FILE);
      const edit = await run(path.join(node(2).root, MEDIA, 'Tools/SilentFileEditor/SilentFileEditor.sh'), [stFile, 'postgrePassword', readFileSync(lab.dbPasswordFile, 'utf8'), '-c']);
      expect(edit.code, edit.stderr).toBe(0);
      expect(readFileSync(stFile, 'utf8')).toMatch(/^postgrePassword = \{lab-aes\}\S+$/m);
      const result = await install(node(2), props);
      // Past the password: the schema exists, so a new-schema install is refused next.
      expect(result.stderr).toMatch(/already holds a SecureTransport schema/);
    });
  });
});
