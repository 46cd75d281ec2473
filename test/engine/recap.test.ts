// The plan's one summary line and the run's recap per node (issue 15 item 1), from the runner's tally.
import { describe, expect, it } from 'vitest';
import { on } from '../../src/engine/check-runner.js';
import { runSteps } from '../../src/engine/runner.js';
import { planLine, recapLines, RunTally, stepRanges } from '../../src/engine/recap.js';
import type { NodeRef, RunContext, Step } from '../../src/engine/types.js';
import { HumanReporter } from '../../src/ui/human.js';
import { fakeCheck, fakeContext } from './fake-context.js';

describe('the plan summary line', () => {
  it('counts actions and nodes, and names steps already done, skipped (by reason) and not run as ranges', () => {
    expect(stepRanges([7, 5, 6, 8, 2, 10])).toBe('2, 5–8, 10');
    expect(stepRanges([2, 3])).toBe('2, 3');
    expect(planLine({ actions: 31, nodes: ['a', 'b', 'c'], alreadyDone: [6], skipped: [{ steps: [5, 6, 7, 8], reason: 'auto-register' }], failed: [], notRun: [] })).toBe(
      '31 actions on 3 nodes; step 6 already done; steps 5–8 skipped: auto-register',
    );
    expect(planLine({ actions: 0, nodes: [], alreadyDone: [2, 3, 4], skipped: [], failed: [], notRun: [9, 10] })).toBe('nothing to do; steps 2–4 already done; steps 9, 10 not in this run (--until)');
    expect(planLine({ actions: 1, nodes: ['a'], alreadyDone: [], skipped: [], failed: [3], notRun: [] })).toBe('1 action on 1 node; step 3: checks fail now');
  });

  it('the recap says per node what was done, left unchanged and failed', () => {
    const tally = new RunTally(['node1', 'node2']);
    tally.action('node1', 'done');
    tally.action('node1', 'done');
    tally.action('node2', 'failed');
    tally.unchanged(['node1', 'node2']);
    expect(recapLines(tally.recap())).toEqual(['node1  2 actions done, 1 step unchanged, 0 failed', 'node2  0 actions done, 1 step unchanged, 1 failed']);
  });
});

describe('the runner ends a run with its sum', () => {
  const step = (id: string, initially: string[]): Step => {
    const doneOn = new Set(initially);
    return {
    id,
    title: id,
    seed: id,
    targets: 'all',
    preconditions: () => [],
    plan: (_ctx: RunContext, pending: readonly NodeRef[]) =>
      Promise.resolve([pending.map((n) => ({ id: `${id}/${n.name}/1`, step: id, node: n.name, kind: 'exec' as const, summary: `do ${id}`, detail: {}, apply: () => Promise.resolve(void doneOn.add(n.name)) }))]),
    postconditions: (_ctx, nodes) => on(nodes, fakeCheck(`${id}.done`, 'node', (node) => (doneOn.has(node) ? { status: 'pass', detail: 'yes' } : { status: 'fail', detail: 'not yet' }))),
    };
  };

  it('a dry run emits the plan event; a real run the recap, with unchanged steps per node', async () => {
    const list = [step('a', ['n1']), step('b', ['n1', 'n2'])];
    const dry = fakeContext(['n1', 'n2']);
    await runSteps(dry.ctx, list, { dryRun: true, acceptRisks: new Map(), signal: new AbortController().signal });
    expect(dry.log.events.at(-1)).toMatchObject({ type: 'plan', actions: 1, nodes: ['n2'], alreadyDone: [2], summary: '1 action on 1 node; step 2 already done' });
    const real = fakeContext(['n1', 'n2']);
    await runSteps(real.ctx, list, { dryRun: false, acceptRisks: new Map(), signal: new AbortController().signal });
    expect(real.log.events.find((e) => e.type === 'recap')).toMatchObject({ type: 'recap', nodes: [{ node: 'n1', done: 0, unchanged: 2 }, { node: 'n2', done: 1, unchanged: 1 }] });
  });

  it('a run that fails still ends with its recap, the failed action counted on its node, and the reporter prints it', async () => {
    const failing: Step = {
      ...step('c', []),
      plan: (_ctx: RunContext, pending: readonly NodeRef[]) =>
        Promise.resolve([pending.map((n) => ({ id: `c/${n.name}/1`, step: 'c', node: n.name, kind: 'exec' as const, summary: 'do c', detail: {}, apply: () => (n.name === 'n2' ? Promise.reject(new Error('boom')) : Promise.resolve()) }))]),
    };
    const { ctx, log } = fakeContext(['n1', 'n2']);
    const printed: string[] = [];
    const human = new HumanReporter({ write: (t) => void printed.push(t), writeErr: () => undefined });
    await expect(runSteps({ ...ctx, events: { emit: (e) => (log.emit(e), human.emit(e)) } }, [failing], { dryRun: false, acceptRisks: new Map(), signal: new AbortController().signal })).rejects.toThrow(/boom/);
    expect(log.events.at(-1)).toMatchObject({ type: 'recap', nodes: [{ node: 'n1', done: 1, failed: 0 }, { node: 'n2', done: 0, failed: 1 }] });
    expect(printed.join('')).toContain('Recap per node:\n  n1  1 action done, 0 steps unchanged, 0 failed\n  n2  0 actions done, 0 steps unchanged, 1 failed\n');
  });

  it('a real run on a context a dry run used reads the world, not the dry run\'s expectations', async () => {
    const list = [step('a', ['n1'])];
    const { ctx, log } = fakeContext(['n1', 'n2']);
    await runSteps(ctx, list, { dryRun: true, acceptRisks: new Map(), signal: new AbortController().signal });
    await runSteps(ctx, list, { dryRun: false, acceptRisks: new Map(), signal: new AbortController().signal });
    expect(log.events.filter((e) => e.type === 'action' && e.status === 'done').map((e) => (e as { id: string }).id)).toEqual(['a/n2/1']);
  });
});
