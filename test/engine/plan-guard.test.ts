// RunOptions.guard (apply's allow-list): asked with a step's whole plan before any of
// its actions, and with each action before it runs; when it refuses, nothing of that
// step starts, the step is reported failed with the reason, and its error ends the run.
import { describe, expect, it } from 'vitest';
import { RunGuardError } from '../../src/engine/errors.js';
import { runSteps } from '../../src/engine/runner.js';
import type { Action, NodeRef, Step } from '../../src/engine/types.js';
import { fakeContext } from './fake-context.js';

function oneStep(id: string, applied: string[]): Step {
  const action = (node: NodeRef): Action => ({ id: `${id}/${node.name}/1`, step: id, node: node.name, kind: 'exec', summary: 'do', detail: { argv: ['do', node.name] }, apply: () => Promise.resolve(void applied.push(`${id}@${node.name}`)) });
  return { id, title: id, seed: id, targets: 'all', preconditions: () => [], plan: (_ctx, pending) => Promise.resolve([pending.map(action)]), postconditions: () => [] };
}

describe('the guard of a run', () => {
  it('vets each step whole, then each action; a refusal stops the step before its first action', async () => {
    const { ctx, log } = fakeContext();
    const applied: string[] = [];
    const asked: string[][] = [];
    const guard = (actions: readonly Action[]): void => {
      asked.push(actions.map((a) => a.id));
      if (actions.some((a) => a.step === 's2' && a.node === 'n3')) throw new RunGuardError('s2 on n3 is not in the plan', 'make a new plan');
    };
    const error = await runSteps(ctx, [oneStep('s1', applied), oneStep('s2', applied)], { dryRun: false, acceptRisks: new Map(), signal: new AbortController().signal, guard }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunGuardError);
    expect(asked).toEqual([['s1/n1/1', 's1/n2/1', 's1/n3/1'], ['s1/n1/1'], ['s1/n2/1'], ['s1/n3/1'], ['s2/n1/1', 's2/n2/1', 's2/n3/1']]);
    expect(applied).toEqual(['s1@n1', 's1@n2', 's1@n3']);
    expect(log.events.filter((e) => e.type === 'action' && e.step === 's2')).toEqual([]);
    expect(log.events.find((e) => e.type === 'step' && e.step === 's2' && e.status === 'failed')).toMatchObject({ reason: 's2 on n3 is not in the plan' });
  });

  it('is not asked in a dry run', async () => {
    const { ctx } = fakeContext(['n1']);
    const guard = (): void => {
      throw new Error('asked');
    };
    await expect(runSteps(ctx, [oneStep('s1', [])], { dryRun: true, acceptRisks: new Map(), signal: new AbortController().signal, guard })).resolves.toHaveLength(1);
  });
});
