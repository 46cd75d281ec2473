// Every secret value is registered with the run's redactor the moment it is
// resolved ({file:}, {env:}, prompt), before any output could show it.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAnswersText } from '../../src/answers/index.js';
import { REDACTED, runRedactor } from '../../src/journal/redact.js';
import { makeWorkspace, type Workspace } from './workspace.js';

const answersText = (db: string, admin: string): string => `apiVersion: st-cluster/v1
cluster: {name: demo, autoRegister: true}
database: {type: postgresql, host: db, name: st, user: st, password: ${db}}
sharedFs: {path: /mnt/shared}
installer: {media: /opt/media}
licenses: {core: ./licenses/filedrive.license, features: ./licenses/st.license}
admin: {password: ${admin}}
nodes: [{name: st1, address: 10.0.0.11}]
`;

describe('secret registration', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await makeWorkspace();
  });
  afterAll(async () => ws.cleanup());

  it('registers file, env and prompted values with the run redactor when resolved, not before', async () => {
    const env = { ADMIN_PW: 'Env-Admin-Reg-1' };
    const loaded = await parseAnswersText(answersText('{file: ./secrets/db-password}', '{env: ADMIN_PW}'), path.join(ws.dir, 'cluster.yaml'), { env, canPrompt: true });
    expect(runRedactor.text('x Env-Admin-Reg-1 y')).toBe('x Env-Admin-Reg-1 y');
    await loaded.secrets.get('database.password');
    await loaded.secrets.get('admin.password');
    expect(runRedactor.text('db File-Db_Pass1, admin Env-Admin-Reg-1')).toBe(`db ${REDACTED}, admin ${REDACTED}`);

    const prompted = await parseAnswersText(answersText('prompt', 'prompt'), path.join(ws.dir, 'cluster.yaml'), { env: {}, canPrompt: true });
    prompted.secrets.setPrompt(({ keyPath }) => Promise.resolve(keyPath === 'database.password' ? 'Typed-Db-Reg-2' : 'Typed-Admin-Reg-3'));
    await prompted.secrets.get('database.password');
    await prompted.secrets.get('admin.password');
    expect(runRedactor.text('Typed-Db-Reg-2 Typed-Admin-Reg-3')).toBe(`${REDACTED} ${REDACTED}`);
  });

  it('registers a value even when it is refused', async () => {
    const loaded = await parseAnswersText(answersText('prompt', '{env: X}'), path.join(ws.dir, 'cluster.yaml'), { env: { X: 'x' }, canPrompt: true });
    loaded.secrets.setPrompt(() => Promise.resolve('Refused%Reg&4'));
    await expect(loaded.secrets.get('database.password')).rejects.toThrow(/password/);
    expect(runRedactor.text('said Refused%Reg&4')).toBe(`said ${REDACTED}`);
  });
});
