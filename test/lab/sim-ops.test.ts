// The lab's simulated durations (install, start, stop, adapter latency) each leave
// one record in R/.lab/sim-ops.ndjson, which the bench's critical path reads.
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createLabAdapter } from '../../src/adapters/lab.js';
import { labUp, type LabInfo } from '../../src/lab/index.js';
import { simOpsFile, type SimOp } from '../../src/lab/sim/sim-ops.js';
import { install, labDir, labDownAndClean, randomAddressBase, script, writeProperties } from './support.js';

const ops = (root: string): SimOp[] =>
  existsSync(simOpsFile(root)) ? readFileSync(simOpsFile(root), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SimOp) : [];
const summary = (list: SimOp[]): string[] => list.map((op) => `${op.kind} ${op.what} ${op.ms}`);

describe('lab simulated durations (--install-delay-ms, --start-delay-ms, --stop-delay-ms, latency)', () => {
  let slow: LabInfo;
  let fast: LabInfo;

  beforeAll(async () => {
    const pgUrl = inject('pgUrl');
    slow = await labUp({ dir: labDir(), nodes: 1, dbUrl: pgUrl, addressBase: randomAddressBase(), name: 'simops', installDelayMs: 40, startDelayMs: 30, stopDelayMs: 20 });
    fast = await labUp({ dir: labDir(), nodes: 1, dbUrl: pgUrl, addressBase: randomAddressBase(), name: 'simopsfast' });
  });
  afterAll(async () => {
    await labDownAndClean(slow);
    await labDownAndClean(fast);
  });

  it('records the install, Admin start and a running service stop; a stop of what is not running records nothing', async () => {
    const node = slow.nodes[0]!;
    expect((await install(node, writeProperties(slow, node, {}))).code).toBe(0);
    expect(summary(ops(node.root))).toEqual(['install install 40', 'start admin 30']);
    expect((await script(node, 'stop_tm')).code).toBe(0);
    expect((await script(node, 'stop_admin')).code).toBe(0);
    const all = ops(node.root);
    expect(summary(all)).toEqual(['install install 40', 'start admin 30', 'stop admin 20']);
    for (const op of all) expect(op.end).toBeGreaterThanOrEqual(op.start);
    expect(JSON.parse(readFileSync(`${node.root}/.lab/node.json`, 'utf8')).delays).toEqual({ installMs: 40, startMs: 30, stopMs: 20 });
  });

  it('a lab without delays records nothing; the lab adapter records each added latency by operation', async () => {
    const node = fast.nodes[0]!;
    expect((await install(node, writeProperties(fast, node, {}))).code).toBe(0);
    expect((await script(node, 'stop_admin')).code).toBe(0);
    expect(ops(node.root)).toEqual([]);
    const adapter = createLabAdapter({ node: node.name, root: node.root, latencyMs: 5 });
    await adapter.exec(['true']);
    await adapter.stat('/etc/hostname');
    expect(summary(ops(node.root))).toEqual(['latency exec 5', 'latency stat 5']);
    const plain = createLabAdapter({ node: node.name, root: node.root });
    await plain.exec(['true']);
    expect(ops(node.root)).toHaveLength(2);
  });
});
