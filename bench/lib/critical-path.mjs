// The critical path of one `setup --yes` run, from what the lab recorded: every
// simulated duration (install, service start/stop, adapter latency) per node in
// R/.lab/sim-ops.ndjson (src/lab/sim/sim-ops.ts), and the steps' and actions'
// start/end from the run's event stream (epoch ms, stamped on arrival).
//
// The model: the ten steps are barriers (order is data, DESIGN.md), and so are the
// phases of a step's plan (runner.ts: a phase's actions run side by side, the next
// phase waits for them; e.g. step 10 starts the first node before the others). A
// step is cut into segments: its checks before the first action, each phase (the
// actions that overlap in time), its checks after. Inside a segment each node's
// simulated operations form one chain and the nodes run side by side, so the
// segment's path is its longest node chain; the run's critical path is the sum.
// Each operation counts its nominal length (a timer that fired late is overhead,
// not path); overlapping operations on one node count once. Order between nodes
// inside a segment (taeh read from node 1 before the copies) is left out: the
// path comes out a little short and the overhead a little high.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function readSimOps(root) {
  const file = path.join(root, '.lab', 'sim-ops.ndjson');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

/** Length of the union of [start, start+ms) intervals. */
function unionMs(ops) {
  const spans = ops.map((o) => [o.start, o.start + o.ms]).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let open = null;
  for (const [s, e] of spans) {
    if (open && s <= open[1]) open[1] = Math.max(open[1], e);
    else {
      if (open) total += open[1] - open[0];
      open = [s, e];
    }
  }
  return open ? total + open[1] - open[0] : 0;
}

/** A step's phases: its actions grouped where they overlap in time, as [from, to] epoch spans. */
function phasesOf(actions) {
  const spans = actions.filter((a) => a.startEpoch != null).map((a) => [a.startEpoch, a.endEpoch ?? a.startEpoch]).sort((x, y) => x[0] - y[0]);
  const out = [];
  for (const [s, e] of spans) {
    const last = out.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** A step's segments as [label, from, to]: checks before, each phase, checks after (and between). */
function segmentsOf(step, actions) {
  const phases = phasesOf(actions);
  const out = [];
  let at = step.startEpoch;
  phases.forEach(([s, e], i) => {
    if (s > at) out.push([i === 0 ? 'checks' : `between ${i}`, at, s]);
    out.push([`phase ${i + 1}`, s, e]);
    at = e;
  });
  out.push([phases.length ? 'checks after' : 'checks', at, step.endEpoch]);
  return out;
}

/**
 * steps: {number: {id, startEpoch, endEpoch}}; actions: {id: {step, startEpoch, endEpoch}};
 * opsByNode: {node: [op]}. Returns {totalMs, steps: {number: {id, ms}}, opCount, outsideOps}.
 */
export function criticalPath(steps, actions, opsByNode) {
  const segments = [];
  for (const [num, step] of Object.entries(steps)) {
    if (step.startEpoch == null || step.endEpoch == null) continue;
    const own = Object.values(actions).filter((a) => a.step === step.id);
    for (const [label, from, to] of segmentsOf(step, own)) segments.push({ num, id: step.id, label, from, to, perNode: new Map() });
  }
  segments.sort((a, b) => a.from - b.from);
  let opCount = 0;
  let outsideOps = 0;
  for (const [node, ops] of Object.entries(opsByNode)) {
    for (const op of ops) {
      opCount++;
      const mid = op.start + op.ms / 2;
      const seg = segments.find((s) => mid >= s.from && mid <= s.to);
      if (!seg) {
        outsideOps++;
        continue;
      }
      if (!seg.perNode.has(node)) seg.perNode.set(node, []);
      seg.perNode.get(node).push(op);
    }
  }
  const out = {};
  let totalMs = 0;
  for (const seg of segments) {
    const ms = Math.max(0, ...[...seg.perNode.values()].map(unionMs));
    totalMs += ms;
    const step = (out[seg.num] ??= { id: seg.id, ms: 0, segments: [] });
    step.ms += ms;
    step.segments.push({ label: seg.label, ms, wallMs: seg.to - seg.from });
  }
  return { totalMs, steps: out, opCount, outsideOps };
}
