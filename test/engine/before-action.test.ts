// RunOptions.beforeAction: the guard runs before every action (not only the
// first), and when it throws the action is neither started nor applied and the
// run stops with the guard's own error (not a step failure).
import { describe, expect, it } from 'vitest';
import { LockLostError, RecordWriteError, StepFailedError } from '../../src/engine/errors.js';
import { runSteps } from '../../src/engine/runner.js';
import type { Action, NodeRef, RunContext, Step } from '../../src/engine/types.js';
import { fakeContext } from './fake-context.js';

function oneStep(number: number, applied: string[], apply?: (node: NodeRef) => Promise<void>): Step {
  const id = `s${number}`;
  const action = (node: NodeRef): Action => ({
    id: `${id}/${node.name}/1`,
    step: id,
    node: node.name,
    kind: 'exec',
    summary: 'do',
    detail: { argv: ['do'] },
    apply: () => (apply ? apply(node) : Promise.resolve(void applied.push(`${id}@${node.name}`))),
  });
  return { id, title: id, seed: id, targets: 'all', preconditions: () => [], plan: (_ctx, pending) => Promise.resolve(pending.map((n) => [action(n)])), postconditions: () => [] };
}

const run = (ctx: RunContext, steps: Step[], beforeAction: (a: Action) => Promise<void>) =>
  runSteps(ctx, steps, { dryRun: false, acceptRisks: new Map(), signal: new AbortController().signal, beforeAction });

describe('beforeAction', () => {
  it('is called before each action; once it throws, nothing more starts and its error ends the run', async () => {
    const { ctx, log } = fakeContext();
    const applied: string[] = [];
    const guarded: string[] = [];
    let allowed = 4;
    const error = await run(ctx, [oneStep(1, applied), oneStep(2, applied)], (a) => {
      guarded.push(a.id);
      return allowed-- > 0 ? Promise.resolve() : Promise.reject(new LockLostError('the lock session ended'));
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockLostError);
    expect(guarded).toEqual(['s1/n1/1', 's1/n2/1', 's1/n3/1', 's2/n1/1', 's2/n2/1']);
    expect(applied).toEqual(['s1@n1', 's1@n2', 's1@n3', 's2@n1']);
    const started = log.events.filter((e) => e.type === 'action' && e.status === 'started').map((e) => (e as { id: string }).id);
    expect(started).toEqual(['s1/n1/1', 's1/n2/1', 's1/n3/1', 's2/n1/1']);
  });

  it('a guard error raised inside an action (an audit record that failed) passes through unwrapped', async () => {
    const { ctx } = fakeContext(['n1']);
    const full = new RecordWriteError('audit log', '/s/audit.jsonl', 'ENOSPC: no space left on device');
    const error = await run(ctx, [oneStep(1, [], () => Promise.reject(full))], () => Promise.resolve()).catch((e: unknown) => e);
    expect(error).toBe(full);
    expect(error).not.toBeInstanceOf(StepFailedError);
  });
});
