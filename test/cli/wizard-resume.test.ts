// The wizard's saved file resumes the run the wizard started: a secret typed in the
// session is journaled as the reference the saved file holds, so its fingerprint is
// the file's; and the draft keeps no secret and is private.
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAnswersText } from '../../src/answers/index.js';
import { countAnswers, draftPath, loadDraft, removeDraft, saveDraft } from '../../src/cli/wizard-draft.js';
import { changedSince, withSavedRefs } from '../../src/cli/wizard-resume.js';
import { fixturesDir, goodEnv, makeWorkspace, type Workspace } from '../answers/workspace.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await makeWorkspace();
});
afterEach(async () => ws.cleanup());

describe('withSavedRefs', () => {
  it('gives the run the fingerprint of the file the wizard saved, and keeps the typed value', async () => {
    const text = await readFile(path.join(fixturesDir, 'valid-minimal.yaml'), 'utf8');
    const typed = text.replace('password: {file: secrets/admin-password}', 'password: prompt');
    const file = path.join(ws.dir, 'cluster.yaml');
    const inWizard = await parseAnswersText(typed, file, { canPrompt: true, env: goodEnv });
    inWizard.secrets.setPrompt(() => Promise.resolve('Typed-Admin_Pass1'));
    const saved = typed.replace('password: prompt', 'password: {env: ST_ADMIN_PASSWORD}');
    const replayed = await parseAnswersText(saved, file, { canPrompt: false, env: goodEnv });
    expect(inWizard.fingerprint).not.toBe(replayed.fingerprint);

    const run = await withSavedRefs(inWizard, new Map([['admin.password', { env: 'ST_ADMIN_PASSWORD' }]]));
    expect(run.fingerprint).toBe(replayed.fingerprint);
    expect(run.answers.admin.password).toEqual({ env: 'ST_ADMIN_PASSWORD' });
    expect((await run.secrets.get('admin.password')).reveal()).toBe('Typed-Admin_Pass1');
    expect(changedSince({ description: 'r', fingerprint: replayed.fingerprint, answers: JSON.parse(JSON.stringify(replayed.answers)) }, run)).toEqual([]);
    expect(changedSince({ description: 'r', fingerprint: inWizard.fingerprint, answers: JSON.parse(JSON.stringify(inWizard.answers)) }, run)).toEqual(['admin.password']);
  });
});

describe('the wizard draft', () => {
  it('is 0600 in a 0700 state dir, round-trips, counts its answers, and is gone once removed', async () => {
    const stateDir = path.join(ws.dir, 'state');
    await saveDraft(stateDir, { apiVersion: 'st-cluster/v1', cluster: { name: 'c1' }, database: { password: 'prompt', port: 5432 }, nodes: [{ name: 'n1' }] });
    expect((await stat(draftPath(stateDir))).mode & 0o777).toBe(0o600);
    expect((await stat(stateDir)).mode & 0o777).toBe(0o700);
    const draft = await loadDraft(stateDir);
    expect(draft?.doc).toMatchObject({ cluster: { name: 'c1' }, nodes: [{ name: 'n1' }] });
    expect(countAnswers(draft?.doc)).toBe(4);
    await removeDraft(stateDir);
    expect(await loadDraft(stateDir)).toBeUndefined();
  });

  it('is not offered when the file there is not a YAML mapping', async () => {
    const stateDir = path.join(ws.dir, 'state2');
    await saveDraft(stateDir, {});
    await writeFile(draftPath(stateDir), '- just\n- a list\n');
    expect(await loadDraft(stateDir)).toBeUndefined();
  });
});
