// The critical path of one `setup --yes` run, from what the lab recorded: every
// simulated duration (install, service start/stop, adapter latency) per node in
// R/.lab/sim-ops.ndjson (src/lab/sim/sim-ops.ts), and the steps' start/end from
// the run's event stream (epoch ms, stamped on arrival).
//
// The model: the ten steps are barriers (order is data, DESIGN.md); inside a step
// each node's simulated operations form one chain, and the nodes run side by
// side. So a step's path is its longest node chain, and the run's critical path
// is the sum over steps. Each operation counts its nominal length (a timer that
// fired late is overhead, not path); overlapping operations on one node count once.
// Cross-node order inside a step (taeh fetched from node 1 before the copies) is
// left out, so the path is a little short and the overhead a little high.
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

/**
 * steps: {number: {id, startEpoch, endEpoch}}; opsByNode: {node: [op]}.
 * Returns {totalMs, steps: {number: {id, ms, node}}, outside: ms, opCount}.
 */
export function criticalPath(steps, opsByNode) {
  const ordered = Object.entries(steps).filter(([, s]) => s.startEpoch != null && s.endEpoch != null).sort((a, b) => a[1].startEpoch - b[1].startEpoch);
  const stepOf = (op) => {
    const mid = op.start + op.ms / 2;
    const hit = ordered.find(([, s]) => mid >= s.startEpoch && mid <= s.endEpoch);
    return hit ? hit[0] : 'outside';
  };
  const buckets = new Map();
  let opCount = 0;
  for (const [node, ops] of Object.entries(opsByNode)) {
    for (const op of ops) {
      opCount++;
      const key = stepOf(op);
      if (!buckets.has(key)) buckets.set(key, new Map());
      const perNode = buckets.get(key);
      if (!perNode.has(node)) perNode.set(node, []);
      perNode.get(node).push(op);
    }
  }
  const out = {};
  let totalMs = 0;
  for (const [key, perNode] of buckets) {
    let best = { ms: 0, node: null };
    for (const [node, ops] of perNode) {
      const ms = unionMs(ops);
      if (ms > best.ms) best = { ms, node };
    }
    totalMs += best.ms;
    out[key] = { id: steps[key]?.id ?? key, ...best };
  }
  return { totalMs, steps: out, opCount };
}
