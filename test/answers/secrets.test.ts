import { format, inspect } from 'node:util';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswersError, Secret, parseAnswersText } from '../../src/answers/index.js';
import { dbPasswordProblem } from '../../src/answers/secret.js';
import { makeWorkspace } from './workspace.js';
import type { Workspace } from './workspace.js';

describe('Secret', () => {
  const secret = new Secret('tops3cret');

  it('reveals its value only through reveal()', () => {
    expect(secret.reveal()).toBe('tops3cret');
  });

  it('is redacted in every accidental conversion', () => {
    const outputs = [
      String(secret),
      // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- the accident under test
      `${secret}`,
      `${secret as unknown as string}x`,
      JSON.stringify({ secret }),
      inspect(secret),
      inspect({ nested: { secret } }, { depth: 5, showHidden: true }),
      format('%s %o %O %j', secret, secret, secret, secret),
    ];
    for (const output of outputs) {
      expect(output).not.toContain('tops3cret');
      expect(output).toContain('[redacted]');
    }
    expect(Object.keys(secret)).toEqual([]);
  });
});

describe('dbPasswordProblem', () => {
  it.each([
    ['plain-Pass_1', 'postgresql', undefined],
    ['a$b', 'postgresql', /"\$"/],
    ['a%b&c+d', 'postgresql', /"%", "&", "\+"/],
    ['a%b', 'oracle', undefined],
    ['a$b', 'oracle', /"\$"/],
    ['two\nlines', 'postgresql', /line break/],
  ])('%j on %s', (value, type, problem) => {
    const found = dbPasswordProblem(value, type);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });
});

describe('SecretResolver', () => {
  let ws: Workspace;
  const answersText = (db: string, admin: string): string => `apiVersion: st-cluster/v1
cluster: {name: demo, autoRegister: true}
database: {type: postgresql, host: db, name: st, user: st, password: ${db}}
sharedFs: {path: /mnt/shared}
installer: {media: /opt/media}
licenses: {core: ./licenses/filedrive.license, features: ./licenses/st.license}
admin: {password: ${admin}}
nodes: [{name: st1, address: 10.0.0.11}]
`;
  const load = (db: string, admin: string, env: NodeJS.ProcessEnv = {}) =>
    parseAnswersText(answersText(db, admin), path.join(ws.dir, 'cluster.yaml'), { env, canPrompt: true });

  beforeAll(async () => {
    ws = await makeWorkspace();
  });
  afterAll(async () => ws.cleanup());

  it('resolves env and file references (one trailing newline dropped)', async () => {
    const { secrets } = await load('{file: ./secrets/db-password}', '{env: ADMIN_PW}', { ADMIN_PW: 'adm in' });
    expect((await secrets.get('database.password')).reveal()).toBe('File-Db_Pass1');
    expect((await secrets.get('admin.password')).reveal()).toBe('adm in');
    expect(secrets.describe('database.password')).toBe(`file ${path.join(ws.dir, 'secrets/db-password')}`);
    expect(secrets.describe('admin.password')).toBe('env ADMIN_PW');
  });

  it('asks the injected prompt for "prompt" references, once', async () => {
    const { secrets } = await load('prompt', 'prompt');
    const asked: string[] = [];
    secrets.setPrompt(({ keyPath, message }) => {
      asked.push(`${keyPath}|${message}`);
      return Promise.resolve(keyPath === 'database.password' ? 'typed-Db1' : 'typed-admin');
    });
    expect((await secrets.get('database.password')).reveal()).toBe('typed-Db1');
    expect((await secrets.get('database.password')).reveal()).toBe('typed-Db1');
    expect((await secrets.get('admin.password')).reveal()).toBe('typed-admin');
    expect(asked).toEqual(['database.password|Database password (database.password)', 'admin.password|Admin password (admin.password)']);
  });

  it('throws AnswersError for "prompt" without a prompt function', async () => {
    const { secrets } = await load('prompt', 'prompt');
    const error = await secrets.get('admin.password').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnswersError);
    expect((error as AnswersError).issues[0]).toMatchObject({ keyPath: 'admin.password', line: 7 });
  });

  it('refuses a prompted DB password SecureTransport would refuse, without showing it, and asks again next time', async () => {
    const { secrets } = await load('prompt', 'prompt');
    let answer = 'Bad$Pw9';
    secrets.setPrompt(() => Promise.resolve(answer));
    const error = (await secrets.get('database.password').catch((e: unknown) => e)) as AnswersError;
    expect(error).toBeInstanceOf(AnswersError);
    expect(error.format()).toContain('database.password');
    expect(error.format()).not.toContain('Bad$Pw9');
    answer = 'Good-Pw9';
    expect((await secrets.get('database.password')).reveal()).toBe('Good-Pw9');
  });

  it('reads a file secret again at use time and reports a change that made it invalid', async () => {
    const file = path.join(ws.dir, 'secrets/changing');
    await writeFile(file, 'first-Pw1\n', { mode: 0o600 });
    const { secrets } = await load(`{file: ${file}}`, 'prompt');
    await writeFile(file, 'then$bad\n');
    const error = (await secrets.get('database.password').catch((e: unknown) => e)) as AnswersError;
    expect(error.issues[0]).toMatchObject({ keyPath: 'database.password', line: 3 });
    expect(error.format()).not.toContain('then$bad');
  });
});
