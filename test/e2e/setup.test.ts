// The heart of the product on the lab: `setup --yes` to a healthy cluster, in the seed's order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterNodeRows, onlineNodes, taehChecksums } from '../support/cluster-state.js';
import { runCli, startLab, stepEvents, type CliRun } from '../support/lab.js';

type Lab = Awaited<ReturnType<typeof startLab>>;

function actionOrder(run: CliRun): string[] {
  return run.events
    .filter((e) => e.type === 'action' && e.status === 'started')
    .map((e) => `${String(e.node)} ${String(e.summary)}`);
}

describe('setup --yes on a 3-node lab', () => {
  let lab: Lab;
  let first: CliRun;

  beforeAll(async () => {
    lab = await startLab({ nodes: 3 });
    first = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--json']);
  });
  afterAll(async () => lab?.down());

  it('ends with every node Online, three CLUSTERNODE rows and one taeh', async () => {
    expect(first.exitCode, first.stderr).toBe(0);
    expect(await onlineNodes(lab)).toEqual(lab.nodes.map((n) => n.name));
    expect(await clusterNodeRows(lab)).toEqual(lab.nodes.map((n) => n.address).sort());
    const sums = await taehChecksums(lab);
    expect(sums[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(sums).size).toBe(1);
    expect(first.events.at(-1)).toMatchObject({ type: 'result', status: 'ok', exitCode: 0, v: 1 });
  });

  it('reports the ten steps in order 1…10, each done', () => {
    const finals = stepEvents(first).filter((e) => e.status !== 'started');
    expect(finals.map((e) => e.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // After a fresh install only Admin runs (ST-FACTS.md) and step 5 stops it on the
    // new nodes, so step 6 may find its work already done; every other step acts.
    expect(finals.filter((e) => e.number !== 6).every((e) => e.status === 'done')).toBe(true);
    expect(['done', 'already-done']).toContain(finals[5]?.status);
  });

  it('acts on nodes in the order the seed prescribes', () => {
    const order = actionOrder(first);
    const [n1, n2, n3] = lab.nodes.map((n) => n.name);
    const at = (text: string): number => {
      const index = order.findIndex((line) => line === text || line.startsWith(text));
      expect(index, `${text} in\n${order.join('\n')}`).toBeGreaterThanOrEqual(0);
      return index;
    };
    // Step 2 before step 4; the others import the first node's taeh.
    expect(at(`${n1} silent install`)).toBeLessThan(at(`${n2} silent install`));
    // stop_admin on the new nodes before any stop_all on the others (steps 5, 6, 10).
    expect(at(`${n2} stop_admin`)).toBeLessThan(at(`${n2} stop_all`));
    expect(at(`${n3} stop_admin`)).toBeLessThan(at(`${n3} stop_all`));
    // Nothing is registered while the new nodes' Admin or TM could still run.
    expect(at(`${n3} stop_admin`)).toBeLessThan(at(`${n1} add `));
    // Every node added (the first first), and no start_admin on a new node before it is registered.
    expect(at(`${n1} add `)).toBeLessThan(at(`${n2} add `));
    expect(at(`${n2} add `)).toBeLessThan(at(`${n2} start_admin`));
    expect(at(`${n3} add `)).toBeLessThan(at(`${n3} start_admin`));
    // Licenses on the others (9) before the restart (10).
    expect(at(`${n2} license`)).toBeLessThan(at(`${n2} start_all`));
  });

  it('changes nothing when run again: every step already done, no action', async () => {
    const again = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--json']);
    expect(again.exitCode, again.stderr).toBe(0);
    const finals = stepEvents(again).filter((e) => e.status !== 'started');
    expect(finals.slice(1).map((e) => e.status)).toEqual(Array(9).fill('already-done'));
    expect(again.events.filter((e) => e.type === 'action')).toEqual([]);
  });
});

describe('setup --yes with auto-register', () => {
  let lab: Lab;
  let run: CliRun;

  beforeAll(async () => {
    lab = await startLab({ nodes: 3, autoRegister: true });
    run = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--json']);
  });
  afterAll(async () => lab?.down());

  it('skips steps 5–8 with reason auto-register and reaches a healthy cluster', async () => {
    expect(run.exitCode, run.stderr).toBe(0);
    const finals = stepEvents(run).filter((e) => e.status !== 'started');
    expect(finals.map((e) => `${e.number}:${e.status}`)).toEqual(['1:done', '2:done', '3:done', '4:done', '5:skipped', '6:skipped', '7:skipped', '8:skipped', '9:done', '10:done']);
    expect(finals.filter((e) => e.status === 'skipped').every((e) => e.reason === 'auto-register')).toBe(true);
    expect(await onlineNodes(lab)).toHaveLength(3);
    expect(await clusterNodeRows(lab)).toEqual(lab.nodes.map((n) => n.address).sort());
    const ids = run.events.filter((e) => e.type === 'action').map((e) => String(e.step));
    expect(ids.some((s) => s === 'register-nodes' || s === 'stop-new-admins')).toBe(false);
  });
});
