// bench/lib/critical-path.mjs: the chain of simulated durations a run allows,
// with steps and their plan phases as barriers and nodes side by side inside one.
import { describe, expect, it } from 'vitest';
import { criticalPath } from '../../bench/lib/critical-path.mjs';

const op = (start: number, ms: number) => ({ kind: 'latency', what: 'exec', ms, start, end: start + ms });

describe('bench critical path', () => {
  it('sums over steps the longest node chain; overlapping operations on one node count once', () => {
    const steps = { 1: { id: 'prepare', startEpoch: 0, endEpoch: 100 }, 2: { id: 'install', startEpoch: 100, endEpoch: 1000 } };
    const ops = { n1: [op(10, 20), op(20, 20), op(200, 300)], n2: [op(150, 500)] };
    const r = criticalPath(steps, {}, ops);
    expect(r.steps['1']!.ms).toBe(30);
    expect(r.steps['2']!.ms).toBe(500);
    expect(r.totalMs).toBe(530);
    expect(r.opCount).toBe(4);
  });

  it('cuts a step at its phases: a phase waits for the one before, on whichever node', () => {
    const steps = { 10: { id: 'restart-all', startEpoch: 0, endEpoch: 3000 } };
    // Phase 1 starts node 1 (its action 100–1100), phase 2 the others (1200–2200).
    const actions = { a: { step: 'restart-all', startEpoch: 100, endEpoch: 1100 }, b: { step: 'restart-all', startEpoch: 1200, endEpoch: 2200 }, c: { step: 'restart-all', startEpoch: 1210, endEpoch: 2190 } };
    const ops = { n1: [op(50, 20), op(150, 900)], n2: [op(60, 20), op(1300, 800)], n3: [op(1310, 850), op(2500, 20)] };
    const r = criticalPath(steps, actions, ops);
    expect(r.steps['10']!.segments.map((s) => `${s.label} ${s.ms}`)).toEqual(['checks 20', 'phase 1 900', 'between 1 0', 'phase 2 850', 'checks after 20']);
    expect(r.totalMs).toBe(1790);
    // Without the phases the same operations would look like one chain per node: 920, 820, 870.
    expect(criticalPath(steps, {}, ops).totalMs).toBe(920);
  });

  it('counts an operation outside every step apart and not in the path', () => {
    const r = criticalPath({ 1: { id: 'prepare', startEpoch: 100, endEpoch: 200 } }, {}, { n1: [op(0, 20), op(120, 20)] });
    expect(r).toMatchObject({ totalMs: 20, opCount: 2, outsideOps: 1 });
  });
});
