import { describe, expect, it } from 'vitest';
import { cluster, on } from '../../src/engine/check-runner.js';
import { PreflightFailedError, StepFailedError } from '../../src/engine/errors.js';
import { mapBounded } from '../../src/engine/parallel.js';
import { runSteps } from '../../src/engine/runner.js';
import type { Action, NodeRef, RunContext, Step } from '../../src/engine/types.js';
import { fakeCheck, fakeContext } from './fake-context.js';

const ok = { status: 'pass' as const, detail: 'ok' };
const bad = { status: 'fail' as const, detail: 'bad', fix: 'mend it' };

function action(step: string, node: NodeRef, applied: string[]): Action {
  return { id: `${step}/${node.name}/1`, step, node: node.name, kind: 'exec', summary: 'do', detail: { argv: ['do'] }, apply: () => Promise.resolve(void applied.push(`${step}@${node.name}`)) };
}

function step(number: number, overrides: Partial<Step> & { applied: string[]; state?: Set<string> }): Step {
  const id = `s${number}`;
  const state = overrides.state ?? new Set<string>();
  const doneCheck = fakeCheck(`${id}.done`, 'node', (node) => (state.has(`${id}@${node}`) ? ok : bad));
  return {
    id,
    title: `step ${number}`,
    seed: `seed ${number}`,
    targets: 'all',
    preconditions: () => [],
    plan: (_ctx: RunContext, pending: readonly NodeRef[]) =>
      Promise.resolve([pending.map((n) => ({ ...action(id, n, overrides.applied), apply: () => Promise.resolve(void (overrides.applied.push(`${id}@${n.name}`), state.add(`${id}@${n.name}`))) }))]),
    postconditions: (_ctx: RunContext, nodes: readonly NodeRef[]) => on(nodes, doneCheck),
    ...overrides,
  };
}

const run = (ctx: RunContext, steps: Step[], extra: Partial<Parameters<typeof runSteps>[2]> = {}) =>
  runSteps(ctx, steps, { dryRun: false, acceptRisks: new Map(), signal: new AbortController().signal, ...extra });

describe('runSteps', () => {
  it('walks steps in order and applies only to nodes whose work is not done', async () => {
    const { ctx, log } = fakeContext();
    const applied: string[] = [];
    const state = new Set(['s2@n2']);
    const outcomes = await run(ctx, [step(1, { applied, state }), step(2, { applied, state })]);
    expect(outcomes.map((o) => o.status)).toEqual(['done', 'done']);
    expect(applied).toEqual(['s1@n1', 's1@n2', 's1@n3', 's2@n1', 's2@n3']);
    const steps = log.events.filter((e) => e.type === 'step').map((e) => `${e.step}:${e.status}`);
    expect(steps).toEqual(['s1:started', 's1:done', 's2:started', 's2:done']);
  });

  it('reports already-done and applies nothing when the evidence holds everywhere', async () => {
    const { ctx } = fakeContext();
    const applied: string[] = [];
    const state = new Set(['s1@n1', 's1@n2', 's1@n3']);
    expect((await run(ctx, [step(1, { applied, state })]))[0]?.status).toBe('already-done');
    expect(applied).toEqual([]);
  });

  it('stops with PreflightFailedError before applying anything when a precondition fails', async () => {
    const { ctx, log } = fakeContext();
    const applied: string[] = [];
    const pre = fakeCheck('x.pre', 'node', (node) => (node === 'n2' ? bad : ok));
    const failing = step(1, { applied, preconditions: (_c, pending) => on(pending, pre) });
    const error = await run(ctx, [failing]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PreflightFailedError);
    expect((error as PreflightFailedError).failures).toEqual([{ id: 'x.pre', node: 'n2', detail: 'bad', fix: 'mend it' }]);
    expect(applied).toEqual([]);
    expect(log.events.some((e) => e.type === 'check' && e.id === 'x.pre' && e.node === 'n2' && e.status === 'fail')).toBe(true);
  });

  it('turns an accepted risk into a recorded warning and goes on', async () => {
    const { ctx, log } = fakeContext();
    const applied: string[] = [];
    const pre = fakeCheck('x.pre', 'cluster', () => bad);
    await run(ctx, [step(1, { applied, preconditions: () => cluster(pre) })], { acceptRisks: new Map([['x.pre', 'lab has no NTP']]) });
    expect(applied).toHaveLength(3);
    const event = log.events.find((e) => e.type === 'check' && e.id === 'x.pre');
    expect(event).toMatchObject({ status: 'warn', acceptedRisk: 'lab has no NTP' });
  });

  it('accepts a risk for one node only with ID@node', async () => {
    const { ctx } = fakeContext();
    const pre = fakeCheck('x.pre', 'node', () => bad);
    const error = await run(ctx, [step(1, { applied: [], preconditions: (_c, p) => on(p, pre) })], { acceptRisks: new Map([['x.pre@n1', 'known']]) }).catch((e: unknown) => e);
    expect((error as PreflightFailedError).failures.map((f) => f.node)).toEqual(['n2', 'n3']);
  });

  it('in a dry run plans without applying and defers later preconditions', async () => {
    const { ctx, log } = fakeContext();
    const applied: string[] = [];
    let laterPreconditionsRan = false;
    const pre = fakeCheck('later.pre', 'cluster', () => ((laterPreconditionsRan = true), bad));
    const outcomes = await run(ctx, [step(1, { applied }), step(2, { applied, preconditions: () => cluster(pre) })], { dryRun: true });
    expect(outcomes.map((o) => o.status)).toEqual(['planned', 'planned']);
    expect(applied).toEqual([]);
    expect(laterPreconditionsRan).toBe(false);
    expect(log.events.filter((e) => e.type === 'action' && e.status === 'planned')).toHaveLength(6);
  });

  it('skips a step with its reason', async () => {
    const { ctx, log } = fakeContext();
    await run(ctx, [step(1, { applied: [], skipReason: () => 'auto-register' })]);
    expect(log.events.find((e) => e.type === 'step')).toMatchObject({ status: 'skipped', reason: 'auto-register' });
  });

  it('fails with StepFailedError when postconditions do not hold after applying', async () => {
    const { ctx } = fakeContext();
    const never = fakeCheck('never', 'node', () => bad);
    const error = await run(ctx, [step(1, { applied: [], postconditions: (_c, nodes) => on(nodes, never) })]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepFailedError);
  });

  it('calls beforeFirstChange once, after the read-only step and before step 2, and never in a dry run', async () => {
    const { ctx } = fakeContext();
    const applied: string[] = [];
    const calls: string[] = [];
    const hook = (): Promise<void> => Promise.resolve(void calls.push(`lock after ${applied.length}`));
    await run(ctx, [step(1, { applied, readOnly: true }), step(2, { applied }), step(3, { applied })], { beforeFirstChange: hook });
    expect(calls).toEqual(['lock after 3']);
    await run(fakeContext().ctx, [step(1, { applied: [] }), step(2, { applied: [] })], { dryRun: true, beforeFirstChange: hook });
    expect(calls).toHaveLength(1);
  });

  it('stops at --until', async () => {
    const { ctx } = fakeContext();
    const applied: string[] = [];
    await run(ctx, [step(1, { applied }), step(2, { applied })], { until: 1 });
    expect(applied.length).toBeGreaterThan(0);
    expect(applied.filter((a) => !a.startsWith('s1'))).toEqual([]);
  });
});

describe('mapBounded', () => {
  it('never runs more than the limit at once and keeps order', async () => {
    let inFlight = 0;
    let peak = 0;
    const result = await mapBounded([...Array(20).keys()], 4, async (n) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      return n * 2;
    });
    expect(peak).toBe(4);
    expect(result).toEqual([...Array(20).keys()].map((n) => n * 2));
  });
});
