// Two-stage interrupts in the runner: the first stops between actions (the
// running one finishes and is done), the second cuts what runs (status "cut",
// not failed) and the journal reader keeps a cut action unfinished for resume.
import type { RunEvent } from '../../src/engine/events.js';
import { describe, expect, it } from 'vitest';
import { on } from '../../src/engine/check-runner.js';
import { AdapterError } from '../../src/adapters/types.js';
import { InterruptedError, StepFailedError } from '../../src/engine/errors.js';
import { runSteps } from '../../src/engine/runner.js';
import type { Action, NodeRef, RunContext, Step } from '../../src/engine/types.js';
import { inFlight, parseJournal } from '../../src/journal/journal-reader.js';
import { fakeCheck, fakeContext } from './fake-context.js';

/** A step with one action per node whose apply waits for release(), so the test decides when it ends. */
function gatedStep(onStarted: () => void): { step: Step; release: () => void; finished: string[] } {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const finished: string[] = [];
  const action = (node: NodeRef): Action => ({
    id: `s2/${node.name}/1`, step: 's2', node: node.name, kind: 'exec', summary: 'install', detail: {},
    apply: async () => {
      onStarted();
      await gate;
      finished.push(node.name);
    },
  });
  const done = fakeCheck('s2.done', 'node', (node) => (finished.includes(node) ? { status: 'pass', detail: 'ok' } : { status: 'fail', detail: 'not yet' }));
  const step: Step = {
    id: 's2', title: 'install', seed: '', targets: 'all',
    preconditions: () => [],
    plan: (_ctx: RunContext, pending: readonly NodeRef[]) => Promise.resolve([pending.map(action)]),
    postconditions: (_ctx: RunContext, nodes: readonly NodeRef[]) => on(nodes, done),
  };
  return { step, release: () => open(), finished };
}

const statuses = (events: readonly RunEvent[]): string[] =>
  events.flatMap((e) => (e.type === 'action' && e.status !== 'planned' ? [`${e.node}:${e.status}`] : []));

describe('interrupts in the runner', () => {
  it('first signal: the running action finishes (done), nothing else starts', async () => {
    const { ctx, log } = fakeContext(['n1']);
    const stop = new AbortController();
    const next = gatedStep(() => undefined);
    const { step, release } = gatedStep(() => {
      stop.abort();
      release();
    });
    const error = await runSteps(ctx, [step, { ...next.step, id: 's3' }], { dryRun: false, acceptRisks: new Map(), signal: stop.signal, cut: new AbortController().signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).cut).toEqual([]);
    expect(statuses(log.events)).toEqual(['n1:started', 'n1:done']);
  });

  it('second signal: every running action is cut at once, named in the error; the reader keeps it unfinished', async () => {
    const { ctx, log } = fakeContext(['n1', 'n2']);
    const stop = new AbortController();
    const cut = new AbortController();
    let running = 0;
    const { step, release, finished } = gatedStep(() => {
      running += 1;
      if (running === 2) {
        stop.abort();
        cut.abort();
      }
    });
    const error = await runSteps(ctx, [step], { dryRun: false, acceptRisks: new Map(), signal: stop.signal, cut: cut.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).cut).toEqual(['n1: install (s2/n1/1)']);
    expect(statuses(log.events).sort()).toEqual(['n1:cut', 'n1:started', 'n2:cut', 'n2:started']);
    const cutEvent = log.events.find((e) => e.type === 'action' && e.status === 'cut');
    expect(cutEvent).toMatchObject({ error: 'cut by a second interrupt while it ran on n1: it may still be running there' });
    expect(finished).toEqual([]);
    // The work itself goes on unobserved and may still end (no unhandled rejection, no second event).
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(finished.sort()).toEqual(['n1', 'n2']);
    expect(statuses(log.events)).toHaveLength(4);

    const lines = [{ type: 'header' }, ...log.events].map((e) => JSON.stringify({ ...e, v: 1, runId: 'r1', at: '2026-01-01T00:00:00Z' }));
    const { runs } = parseJournal(lines.join('\n'));
    expect(inFlight(runs[0]!).sort()).toEqual(['s2/n1/1', 's2/n2/1']);
  });

  it('a node lost under a running action: the action is cut (kept unfinished for resume), the step fails naming the node', async () => {
    const { ctx, log } = fakeContext(['n1', 'n2']);
    const lost = new AdapterError('n2', 'unreachable', 'n2 is unreachable: the SSH connection was lost while "setup.sh" ran; it may still be running there', 'Check that n2 is up.', true);
    const refused = new AdapterError('n1', 'connection-refused', 'n1: connection refused');
    const step = (error: AdapterError): Step => ({
      id: 's2', title: 'install', seed: '', targets: 'all', preconditions: () => [],
      plan: (_ctx, pending) => Promise.resolve([pending.filter((n) => n.name === error.node).map((node) => ({ id: `s2/${node.name}/1`, step: 's2', node: node.name, kind: 'exec', summary: 'install', detail: {}, apply: () => Promise.reject(error) }))]),
      postconditions: () => [],
    });
    const run = (error: AdapterError) => runSteps(ctx, [step(error)], { dryRun: false, acceptRisks: new Map(), signal: new AbortController().signal }).catch((e: unknown) => e);
    const error = await run(lost);
    expect(error).toBeInstanceOf(StepFailedError);
    expect((error as StepFailedError).message).toBe(`n2: install was cut: ${lost.message}`);
    expect((error as StepFailedError).failures[0]).toMatchObject({ node: 'n2', fix: 'Check that n2 is up.' });
    expect(statuses(log.events)).toEqual(['n2:started', 'n2:cut']);
    // A connection that never carried the command is a plain failure.
    expect(await run(refused)).toBeInstanceOf(StepFailedError);
    expect(statuses(log.events).slice(2)).toEqual(['n1:started', 'n1:failed']);
  });
});
