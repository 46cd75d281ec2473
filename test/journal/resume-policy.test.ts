// The resume policy: when a plain setup must refuse, what --resume continues,
// and a changed answers file named key by key.
import { describe, expect, it } from 'vitest';
import { diffAnswersKeys, type Answers } from '../../src/answers/index.js';
import { UsageError } from '../../src/engine/errors.js';
import { decideResume, openRun } from '../../src/journal/resume-policy.js';
import { header, run } from './fixtures.js';

const answers = { cluster: { name: 'c1', installDir: '/opt/st' }, nodes: [{ name: 'n1' }, { name: 'n2' }], database: { password: { env: 'DB' } } };
const request = (extra: Partial<Parameters<typeof decideResume>[1]> = {}): Parameters<typeof decideResume>[1] => ({
  resume: false,
  forceAnswersChange: false,
  fingerprint: 'f1',
  answers,
  diffKeys: (a, b) => diffAnswersKeys(a as Answers, b as Answers),
  ...extra,
});

const withAnswers = (id: string): Parameters<typeof run>[1] => ({ header: { v: 1, type: 'header', at: '', ...header(id, { fingerprint: 'f1', answers }) } });
const cut = run('r1', { ...withAnswers('r1'), started: ['install-first/n1/1', 'install-first/n1/2'], done: ['install-first/n1/1'], steps: [{ step: 'install-first', number: 2, title: 'Install the first', status: 'started' }] });
const ok = run('r2', { started: ['a'], done: ['a'], result: { status: 'ok', exitCode: 0 } });
const noop = run('r3', { result: { status: 'preflight-failed', exitCode: 3 } });

function refusal(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a refusal');
}

describe('openRun', () => {
  it('is the newest run that acted, unless a run that ended ok comes after it', () => {
    expect(openRun([])).toBeUndefined();
    expect(openRun([cut])?.runId).toBe('r1');
    expect(openRun([cut, noop])?.runId).toBe('r1');
    expect(openRun([cut, ok])).toBeUndefined();
    expect(openRun([ok, noop])).toBeUndefined();
    expect(openRun([run('r4', { started: ['x'], done: ['x'], result: { status: 'step-failed', exitCode: 4 } })])?.runId).toBe('r4');
  });

  it('counts an apply run (setup walking a plan) as setup does; a day-two run not', () => {
    const as = (command: string) => run('r5', { header: { v: 1, type: 'header', at: '', ...header('r5', { command }) }, started: ['x'], result: { status: 'step-failed', exitCode: 4 } });
    expect(openRun([as('apply')])?.runId).toBe('r5');
    expect(openRun([as('add-node')])).toBeUndefined();
  });
});

describe('decideResume', () => {
  it('lets a plain setup start when there is no journal or the last run finished', () => {
    expect(decideResume([], request())).toEqual({ inFlight: [], notes: [] });
    expect(decideResume([cut, ok], request()).resumeOf).toBeUndefined();
  });

  it('refuses a plain setup over a cut run and says to use --resume', () => {
    const error = refusal(() => decideResume([cut, noop], request()));
    expect(error.message).toContain('run r1');
    expect(error.message).toContain('in step 2 (Install the first)');
    expect(error.message).toContain('was cut off');
    expect(error.fix).toContain('--resume');
  });

  it('with --resume continues the cut run and names the actions cut while running', () => {
    const decision = decideResume([cut], request({ resume: true }));
    expect(decision).toMatchObject({ resumeOf: 'r1', inFlight: ['install-first/n1/2'] });
    expect(decision.notes.join('\n')).toContain('install-first/n1/2');
  });

  it('with --resume and nothing to resume says so and goes on', () => {
    expect(decideResume([], request({ resume: true })).notes[0]).toMatch(/Nothing to resume/);
    expect(decideResume([ok], request({ resume: true })).resumeOf).toBeUndefined();
  });

  it('refuses --resume when the answers changed and names the changed keys', () => {
    const changed = { ...answers, cluster: { ...answers.cluster, installDir: '/opt/other' }, nodes: [{ name: 'n1' }, { name: 'n9' }] };
    const error = refusal(() => decideResume([cut], request({ resume: true, fingerprint: 'f2', answers: changed })));
    expect(error.message).toContain('cluster.installDir');
    expect(error.message).toContain('nodes.1.name');
    expect(error.fix).toContain('--force-answers-change');
  });

  it('goes on with --force-answers-change and records the keys', () => {
    const changed = { ...answers, database: { password: { env: 'OTHER' } } };
    const decision = decideResume([cut], request({ resume: true, forceAnswersChange: true, fingerprint: 'f2', answers: changed }));
    expect(decision.answersChanged).toEqual(['database.password']);
    expect(decision.resumeOf).toBe('r1');
  });

  it('refuses --force-answers-change without --resume', () => {
    expect(refusal(() => decideResume([], request({ forceAnswersChange: true }))).message).toContain('--resume');
  });

  it('compares with the run being resumed, whose header holds the answers', () => {
    const base = run('r5', { header: { v: 1, type: 'header', at: '', ...header('r5', { fingerprint: 'f1', answers }) }, started: ['x'] });
    expect(decideResume([base], request({ resume: true })).answersChanged).toBeUndefined();
  });
});
