// Each rule gets a tiny literal context (STYLE.md: create-astro's per-step tests);
// file rules use real files with real modes in a temp workspace.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyPath } from '../../src/answers/yaml-source.js';
import type { Rule } from '../../src/answers/rule-types.js';
import type { Answers } from '../../src/answers/schema.js';
import { answersSchema } from '../../src/answers/schema.js';
import { installDirRule, nodePathProblem, sharedFsApartRule, sharedFsPathRule } from '../../src/answers/rules-layout.js';
import {
  adapterKindRule,
  adapterSettingsRule,
  nodeAddressRule,
  registerMethodRule,
  uniqueNodeAddressesRule,
  uniqueNodeNamesRule,
} from '../../src/answers/rules-nodes.js';
import { secretsResolvableRule } from '../../src/answers/rules-secrets.js';
import { licensesRule, nodeFilesRule } from '../../src/answers/rules-files.js';
import { resolveAnswersPaths } from '../../src/answers/paths.js';
import { makeWorkspace } from './workspace.js';
import type { Workspace } from './workspace.js';

type Reported = { path: string; message: string; fix: string };

function base(overrides: Record<string, unknown> = {}): Answers {
  return answersSchema.parse({
    apiVersion: 'st-cluster/v1',
    cluster: { name: 'demo' },
    database: { type: 'postgresql', host: 'db', name: 'st', user: 'st', password: { env: 'ST_DB_PASSWORD' } },
    sharedFs: { path: '/mnt/shared' },
    installer: { media: '/opt/media' },
    licenses: { core: './licenses/filedrive.license', features: './licenses/st.license' },
    admin: { password: { env: 'ST_ADMIN_PASSWORD' }, register: { method: 'manual' } },
    nodes: [
      { name: 'st1', address: '10.0.0.11' },
      { name: 'st2', address: '10.0.0.12' },
    ],
    ...overrides,
  });
}

async function run(rule: Rule, answers: Answers, options: { env?: NodeJS.ProcessEnv; canPrompt?: boolean } = {}): Promise<Reported[]> {
  const reported: Reported[] = [];
  const report = (path: KeyPath, message: string, fix: string): void => {
    reported.push({ path: path.join('.'), message, fix });
  };
  await rule({ answers, report, env: options.env ?? {}, canPrompt: options.canPrompt ?? false });
  return reported;
}

const withCluster = (cluster: Record<string, unknown>): Answers => base({ cluster: { name: 'demo', ...cluster } });

describe('node paths', () => {
  it.each([
    ['/opt/Axway/SecureTransport', undefined],
    ['~/st', /"~"/],
    ['/home/~st/x', /"~"/],
    ['opt/st', /absolute/],
    ['/opt/Secure Transport', /spaces/],
    ['/opt/st/', /clean path/],
    ['/opt//st', /clean path/],
    ['/opt/./st', /clean path/],
    ['/', /root directory/],
  ])('installDir %j', async (installDir, problem) => {
    const reported = await run(installDirRule, withCluster({ installDir }));
    if (problem === undefined) expect(reported).toEqual([]);
    else expect(reported).toEqual([expect.objectContaining({ path: 'cluster.installDir', message: expect.stringMatching(problem) })]);
  });

  it('suggests the cleaned path as the fix', () => {
    expect(nodePathProblem('/opt/a/../st/', 'k', '/x', true)?.fix).toBe('write it as /opt/st');
  });

  it('checks sharedFs.path too', async () => {
    expect(await run(sharedFsPathRule, base({ sharedFs: { path: 'shared' } }))).toEqual([expect.objectContaining({ path: 'sharedFs.path' })]);
  });

  it.each([
    ['/opt/st', '/opt/st/shared', 'sharedFs.path', /inside cluster.installDir/],
    ['/opt/st', '/opt/st', 'sharedFs.path', /same directory/],
    ['/mnt/shared/st', '/mnt/shared', 'cluster.installDir', /inside sharedFs.path/],
  ])('installDir %s and sharedFs %s are not nested', async (installDir, shared, key, message) => {
    const answers = base({ cluster: { name: 'demo', installDir }, sharedFs: { path: shared } });
    expect(await run(sharedFsApartRule, answers)).toEqual([expect.objectContaining({ path: key, message: expect.stringMatching(message) })]);
  });

  it('does not treat a common prefix as nesting', async () => {
    expect(await run(sharedFsApartRule, base({ cluster: { name: 'd', installDir: '/opt/st' }, sharedFs: { path: '/opt/st-shared' } }))).toEqual([]);
  });
});

describe('nodes', () => {
  const nodes = (...list: Record<string, unknown>[]): Answers => base({ nodes: list });

  it('reports duplicate names (case-insensitive) and addresses at the later node', async () => {
    const answers = nodes({ name: 'st1', address: 'A.example' }, { name: 'st2', address: 'b' }, { name: 'ST1', address: 'a.example' });
    expect(await run(uniqueNodeNamesRule, answers)).toEqual([expect.objectContaining({ path: 'nodes.2.name', message: expect.stringContaining('nodes.0') })]);
    expect(await run(uniqueNodeAddressesRule, answers)).toEqual([expect.objectContaining({ path: 'nodes.2.address' })]);
  });

  it.each([
    ['10.0.0.1', true],
    ['fe80::1', true],
    ['2001:db8:0:0:0:0:0:1', true],
    ['st1.example.com', true],
    ['st1:22', false],
    ['https://st1', false],
    ['st 1', false],
  ])('address %s acceptable: %s', async (address, ok) => {
    expect((await run(nodeAddressRule, nodes({ name: 'n', address }))).length === 0).toBe(ok);
  });

  it('knows adapter kinds and their settings', async () => {
    const answers = nodes(
      { name: 'a', address: '1', adapter: 'lab' },
      { name: 'b', address: '2', adapter: 'local', ssh: { user: 'x' } },
      { name: 'c', address: '3', lab: { root: '/x' } },
      { name: 'd', address: '4', adapter: 'docker' },
      { name: 'e', address: '5', adapter: './plugin.js' },
    );
    expect(await run(adapterKindRule, answers)).toEqual([expect.objectContaining({ path: 'nodes.3.adapter' })]);
    expect((await run(adapterSettingsRule, answers)).map((r) => r.path)).toEqual(['nodes.0.lab.root', 'nodes.1.ssh', 'nodes.2.lab']);
  });
});

describe('step-7 registration', () => {
  const register = (register: Record<string, unknown>, autoRegister = false): Answers =>
    base({ cluster: { name: 'demo', autoRegister }, admin: { password: 'prompt', register } });

  it('needs addPath for method api, unless auto-register', async () => {
    expect(await run(registerMethodRule, register({ method: 'api' }))).toEqual([expect.objectContaining({ path: 'admin.register.addPath' })]);
    expect(await run(registerMethodRule, register({}))).toHaveLength(1);
    expect(await run(registerMethodRule, register({ method: 'api' }, true))).toEqual([]);
    expect(await run(registerMethodRule, register({ method: 'api', addPath: '/api/v2.0/x' }))).toEqual([]);
    expect(await run(registerMethodRule, register({ method: 'manual' }))).toEqual([]);
  });
});

describe('secrets and files (real files, real modes)', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await makeWorkspace();
  });
  afterAll(async () => ws.cleanup());

  const resolved = (overrides: Record<string, unknown>): Answers => resolveAnswersPaths(base(overrides), ws.dir);
  const dbPassword = (password: unknown): Answers =>
    resolved({ database: { type: 'postgresql', host: 'db', name: 'st', user: 'st', password } });
  const env = { ST_DB_PASSWORD: 'fine-Pass1', ST_ADMIN_PASSWORD: 'x' };

  it('accepts resolvable env and file references', async () => {
    expect(await run(secretsResolvableRule, dbPassword({ file: './secrets/db-password' }), { env })).toEqual([]);
  });

  it.each([
    [{ env: 'NOPE' }, 'database.password.env', /not set/],
    [{ file: './secrets/missing' }, 'database.password.file', /does not exist/],
    [{ file: './secrets/a-directory' }, 'database.password.file', /not a regular file/],
    [{ file: './secrets/empty' }, 'database.password.file', /is empty/],
    [{ file: './secrets/world-readable' }, 'database.password.file', /readable by every user \(mode 0644\)/],
  ])('reports %j at %s', async (ref, key, message) => {
    expect(await run(secretsResolvableRule, dbPassword(ref), { env })).toEqual([expect.objectContaining({ path: key, message: expect.stringMatching(message) })]);
  });

  it('tells to chmod 600 a world-readable secret file', async () => {
    const [issue] = await run(secretsResolvableRule, dbPassword({ file: './secrets/world-readable' }), { env });
    expect(issue?.fix).toBe(`chmod 600 ${path.join(ws.dir, 'secrets/world-readable')}`);
  });

  it.each(['pa$s', 'a%b', 'a&b', 'a+b'])('refuses a DB password with %j without showing it', async (value) => {
    const reported = await run(secretsResolvableRule, dbPassword({ env: 'ST_DB_PASSWORD' }), { env: { ...env, ST_DB_PASSWORD: `Zq9${value}Zq9` } });
    expect(reported).toEqual([expect.objectContaining({ path: 'database.password' })]);
    expect(JSON.stringify(reported)).not.toContain('Zq9');
  });

  it('allows prompt only when prompting is possible', async () => {
    expect(await run(secretsResolvableRule, dbPassword('prompt'), { env, canPrompt: true })).toEqual([]);
    const [issue] = await run(secretsResolvableRule, dbPassword('prompt'), { env, canPrompt: false });
    expect(issue).toMatchObject({ path: 'database.password' });
    expect(issue?.fix).toContain('{env: ST_DB_PASSWORD}');
    expect(issue?.fix).toContain('{file: ./secrets/db-password}');
  });

  it('checks licenses and ssh files on the jump host', async () => {
    expect(await run(licensesRule, resolved({}))).toEqual([]);
    const missing = resolved({ licenses: { core: './licenses/empty.license', features: '/nowhere/st.license' } });
    expect((await run(licensesRule, missing)).map((r) => r.path)).toEqual(['licenses.core', 'licenses.features']);
    const ssh = resolved({ nodes: [{ name: 'a', address: '1', ssh: { identityFile: './keys/id_ed25519', knownHostsFile: './keys/none' } }] });
    expect((await run(nodeFilesRule, ssh)).map((r) => r.path)).toEqual(['nodes.0.ssh.knownHostsFile']);
  });
});
