// Order, numbers and the count come from the list a command runs (issue 14 item 1):
// an eleventh step is one more entry, and every number, the "Step N/M" header, the
// plan summary and the fix texts follow it.
import { describe, expect, it } from 'vitest';
import { on } from '../../src/engine/check-runner.js';
import { runSteps } from '../../src/engine/runner.js';
import { stepRef } from '../../src/engine/step-ref.js';
import type { NodeRef, RunContext, Step } from '../../src/engine/types.js';
import { steps as setupSteps } from '../../src/steps/index.js';
import { HumanReporter } from '../../src/ui/human.js';
import { renderPlanSummary } from '../../src/ui/plan-summary.js';
import { fakeCheck, fakeContext } from './fake-context.js';

const plain = (id: string, extra: Partial<Step> = {}): Step => ({
  id,
  title: `the ${id} step`,
  seed: id,
  targets: 'all',
  preconditions: () => [],
  plan: (_ctx: RunContext, pending: readonly NodeRef[]) =>
    Promise.resolve([pending.map((n) => ({ id: `${id}/${n.name}/1`, step: id, node: n.name, kind: 'exec' as const, summary: `do ${id}`, detail: { argv: ['true'] }, apply: () => Promise.resolve() }))]),
  postconditions: (_ctx, nodes) => on(nodes, fakeCheck(`${id}.done`, 'node', () => ({ status: 'fail', detail: 'not yet' }))),
  ...extra,
});

describe('a step list with an eleventh step', () => {
  const list = [...Array.from({ length: 10 }, (_, i) => plain(`s${i + 1}`, i === 0 ? { readOnly: true, plan: () => Promise.resolve([]), postconditions: () => [] } : {})), plain('eleventh')];

  it('numbers every step by its place, and the header, the summary and stepRef follow', async () => {
    const { ctx, log } = fakeContext(['n1', 'n2']);
    const printed: string[] = [];
    const human = new HumanReporter({ write: (t) => void printed.push(t), writeErr: (t) => void printed.push(t) });
    human.emit({ type: 'run', runId: 'r', command: 'setup', cluster: 'c', nodes: ['n1', 'n2'], dryRun: true, steps: list.length });
    await runSteps({ ...ctx, events: { emit: (e) => (log.emit(e), human.emit(e)) } }, list, { dryRun: true, acceptRisks: new Map(), signal: new AbortController().signal });
    const numbers = log.events.flatMap((e) => (e.type === 'step' && e.status === 'started' ? [[e.step, e.number]] : []));
    expect(numbers).toEqual(list.map((s, i) => [s.id, i + 1]));
    expect(printed.join('')).toContain('Step 11/11  the eleventh step');
    expect(printed.join('')).not.toMatch(/Step \d+\/10\b/);
    const summary = renderPlanSummary(log.events, [{ name: 'n1', address: '10.0.0.1' }, { name: 'n2', address: '10.0.0.2' }], list.length).join('\n');
    // Judged after the planned steps 2–10 that act on the same nodes; the plan's sum closes the summary.
    expect(summary).toMatch(/11\. the eleventh step +after steps 2–10: 2 action\(s\) on n1, n2/);
    expect(summary).toContain('In all: 20 actions on 2 nodes');
    expect(stepRef({ procedure: list }, 'eleventh')).toBe('step 11 (eleventh)');
  });

  it('takes the lock before the first step that is not read-only, wherever it is', async () => {
    const { ctx } = fakeContext(['n1']);
    const order: string[] = [];
    const watched = list.map((s) => ({ ...s, plan: async (c: RunContext, p: readonly NodeRef[]) => (order.push(s.id), s.plan(c, p)) }));
    await runSteps(ctx, watched, { dryRun: false, acceptRisks: new Map(), signal: new AbortController().signal, beforeFirstChange: () => Promise.resolve(void order.push('lock')) }).catch(() => undefined);
    expect(order.slice(0, 3)).toEqual(['s1', 'lock', 's2']);
  });

  it('names a step the running list lacks by its command', () => {
    expect(stepRef({ procedure: setupSteps }, 'configure-first')).toBe('step 3 (configure-first)');
    expect(stepRef({ procedure: [] }, 'configure-first')).toBe("setup's configure-first step");
  });
});
