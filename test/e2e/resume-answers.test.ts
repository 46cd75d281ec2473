// Resume with a changed answers file refuses and names the changed keys; a
// plain setup over a cut run refuses and says --resume; --force-answers-change
// goes on and is recorded.
import path from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../src/journal/journal-reader.js';
import { startCli } from '../journal/cli-child.js';
import { runCli, startLab } from '../support/lab.js';

type Lab = Awaited<ReturnType<typeof startLab>>;

describe('resume after a cut, with the answers changed', () => {
  let lab: Lab;
  let state: string;
  let changed: string;
  const setup = (answers: string, ...extra: string[]): ReturnType<typeof runCli> => runCli(['setup', '--answers', answers, '--yes', '--json', '--state-dir', state, ...extra]);

  beforeAll(async () => {
    lab = await startLab({ nodes: 3 });
    state = path.join(lab.dir, 'st-state');
    const cut = startCli(['setup', '--answers', lab.answersFile, '--yes', '--json', '--state-dir', state]);
    cut.killWhen((e) => e.type === 'action' && e.status === 'done' && String(e.id).startsWith('configure-first/'));
    expect((await cut.exit).signal).toBe('SIGKILL');
    // Same directory, so relative paths resolve alike; two keys differ.
    changed = path.join(path.dirname(lab.answersFile), 'answers-changed.yaml');
    const text = await readFile(lab.answersFile, 'utf8');
    expect(text).toMatch(/minDaysLeft: 30/);
    await writeFile(changed, text.replace('minDaysLeft: 30', 'minDaysLeft: 20'));
  }, 120_000);
  afterAll(async () => lab?.down());

  it('plain setup refuses with exit 2 and says to use --resume', async () => {
    const run = await setup(lab.answersFile);
    expect(run.exitCode).toBe(2);
    expect(run.events.at(-1)?.message).toMatch(/did not finish: run \S+ .* was cut off in step 3/);
    expect(run.stderr).toContain('--resume');
    expect(run.events.some((e) => e.type === 'step')).toBe(false);
  });

  it('--resume with changed answers refuses with exit 2 naming the changed key', async () => {
    const run = await setup(changed, '--resume');
    expect(run.exitCode).toBe(2);
    expect(run.events.at(-1)?.message).toContain('changed keys: cluster.tls.minDaysLeft.');
    expect(run.stderr).toContain('--force-answers-change');
  });

  it('--resume --force-answers-change goes on to a healthy cluster and the journal records the change', async () => {
    const run = await setup(changed, '--resume', '--force-answers-change');
    expect(run.exitCode, run.stderr).toBe(0);
    const { runs } = await readJournal(path.join(state, 'lab', 'journal.jsonl'));
    const last = runs.at(-1)!;
    expect(last.header).toMatchObject({ resumeOf: runs[0]!.runId, answersChanged: ['cluster.tls.minDaysLeft'], flags: { resume: true, forceAnswersChange: true } });
    expect(last.result?.status).toBe('ok');
    const history = await runCli(['history', 'lab', '--state-dir', state]);
    expect(history.stdout).toContain('answers changed (--force-answers-change): cluster.tls.minDaysLeft');
    expect(history.stdout).toContain('cut off (no end recorded)');
  }, 120_000);
});
