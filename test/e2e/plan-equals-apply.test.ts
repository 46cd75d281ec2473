// Plan equals apply (issue 15 item 1): on five world states the dry run plans, action by
// action (id, step, node, kind, summary), exactly what the real run then does; the plan
// ends with its summary line, the run with a recap per node. Each state has its own lab.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startLab, type CliRun } from '../support/lab.js';
import { script } from '../lab/support.js';

type Lab = Awaited<ReturnType<typeof startLab>>;
const INSTALL = '/opt/Axway/SecureTransport';

const actions = (run: CliRun, status: 'planned' | 'done'): string[] =>
  run.events.filter((e) => e.type === 'action' && e.status === status).map((e) => `${String(e.id)} ${String(e.kind)} ${String(e.summary)}`);

/** Sorted by step number then id: actions of one phase end in any order. */
function inOrder(run: CliRun, list: string[]): string[] {
  const order = new Map(run.events.filter((e) => e.type === 'step').map((e) => [String(e.step), Number(e.number)]));
  const step = (line: string): number => order.get(line.split('/')[0]!) ?? 0;
  return [...list].sort((a, b) => step(a) - step(b) || a.localeCompare(b, undefined, { numeric: true }));
}

const only = <T extends string>(run: CliRun, type: T): Record<string, unknown> | undefined => run.events.find((e) => e.type === type);

async function setup(lab: Lab, ...extra: string[]): Promise<CliRun> {
  const run = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--json', ...extra], { timeoutMs: 300_000 });
  expect(run.exitCode, run.stderr).toBe(0);
  return run;
}

/** The dry run's plan, then the real run on the same world: the same actions, one for one. */
async function planThenApply(lab: Lab): Promise<{ plan: CliRun; real: CliRun }> {
  const plan = await runCli(['setup', '--answers', lab.answersFile, '--dry-run', '--json'], { timeoutMs: 300_000 });
  expect(plan.exitCode, plan.stderr).toBe(0);
  const real = await setup(lab);
  expect(inOrder(real, actions(real, 'done'))).toEqual(inOrder(plan, actions(plan, 'planned')));
  // Each step ends the same way in both (a planned step is one the run does).
  const finals = (run: CliRun): string[] => run.events.filter((e) => e.type === 'step' && e.status !== 'started').map((e) => `${String(e.number)} ${e.status === 'planned' ? 'done' : String(e.status)}`);
  expect(finals(real)).toEqual(finals(plan));
  // The summary counts what the plan lists; the recap counts what the run did.
  const summary = only(plan, 'plan')!;
  expect(summary.actions).toBe(actions(plan, 'planned').length);
  const recap = only(real, 'recap') as { nodes: { node: string; done: number; failed: number }[] };
  expect(recap.nodes.reduce((n, r) => n + r.done, 0)).toBe(actions(real, 'done').length);
  expect(recap.nodes.every((r) => r.failed === 0)).toBe(true);
  return { plan, real };
}

describe('plan equals apply', () => {
  describe('on a fresh lab', () => {
    let lab: Lab;
    beforeAll(async () => {
      lab = await startLab({ nodes: 3 });
    });
    afterAll(async () => lab?.down());

    it('plans every action the run does and none it does not (step 6 already done after steps 2, 4, 5)', async () => {
      const { plan, real } = await planThenApply(lab);
      const quiesce = plan.events.find((e) => e.type === 'step' && e.step === 'quiesce' && e.status !== 'started');
      expect(quiesce).toMatchObject({ status: 'already-done', after: [2, 4, 5] });
      expect(plan.events.find((e) => e.type === 'step' && e.step === 'register-nodes' && e.status === 'planned')?.reason).toMatch(/^after steps? [\d, –]+: would run on node1, node2, node3/);
      expect(only(plan, 'plan')).toMatchObject({ nodes: ['node1', 'node2', 'node3'], alreadyDone: [6], skipped: [], failed: [] });
      expect(only(plan, 'plan')!.summary).toMatch(/^\d+ actions on 3 nodes; step 6 already done$/);
      expect((only(real, 'recap') as { nodes: unknown[] }).nodes).toHaveLength(3);
    });
  });

  describe('on a fresh lab whose nodes register themselves (cluster.autoRegister)', () => {
    let lab: Lab;
    beforeAll(async () => {
      lab = await startLab({ nodes: 3, autoRegister: true });
    });
    afterAll(async () => lab?.down());

    it('plans what the run does; steps 5–8 skipped', async () => {
      const { plan } = await planThenApply(lab);
      expect(only(plan, 'plan')).toMatchObject({ skipped: [{ steps: [5, 6, 7, 8], reason: 'auto-register' }] });
      expect(only(plan, 'plan')!.summary).toMatch(/^\d+ actions on 3 nodes; steps 5–8 skipped: auto-register$/);
    });
  });

  describe('after a finished setup, with the lab\'s Admin stopped on node2', () => {
    let lab: Lab;
    beforeAll(async () => {
      lab = await startLab({ nodes: 3 });
      await setup(lab);
      const stopped = await script(lab.nodes[1]!, 'stop_admin');
      expect(stopped.code, stopped.stderr).toBe(0);
    }, 400_000);
    afterAll(async () => lab?.down());

    it('plans only starting Admin on node2: no licence copies, no stop_all', async () => {
      const { plan, real } = await planThenApply(lab);
      expect(actions(plan, 'planned')).toEqual(['start-new-admins/node2/1 exec start_admin', 'start-new-admins/node2/2 wait Admin up and operational']);
      expect(only(plan, 'plan')!.summary).toBe('2 actions on 1 node; steps 2–7, 9, 10 already done');
      const recap = only(real, 'recap') as { nodes: { node: string; done: number; unchanged: number }[] };
      expect(recap.nodes.find((n) => n.node === 'node2')).toMatchObject({ done: 2 });
      expect(recap.nodes.find((n) => n.node === 'node3')).toMatchObject({ done: 0 });
    });
  });

  describe('after setup --until 4', () => {
    let lab: Lab;
    beforeAll(async () => {
      lab = await startLab({ nodes: 3 });
      await setup(lab, '--until', '4');
    }, 400_000);
    afterAll(async () => lab?.down());

    it('plans steps 5–10 as the run does them', async () => {
      const { plan } = await planThenApply(lab);
      expect(only(plan, 'plan')).toMatchObject({ alreadyDone: [2, 3, 4, 6] });
    });
  });

  describe('on a finished cluster', () => {
    let lab: Lab;
    beforeAll(async () => {
      lab = await startLab({ nodes: 3 });
      await setup(lab);
    }, 400_000);
    afterAll(async () => lab?.down());

    it('plans nothing and says so; the run then changes nothing', async () => {
      const { plan, real } = await planThenApply(lab);
      expect(actions(plan, 'planned')).toEqual([]);
      expect(only(plan, 'plan')!.summary).toBe('nothing to do; steps 2–10 already done');
      const human = await runCli(['plan', '--answers', lab.answersFile]);
      expect(human.stdout).toContain('Plan: nothing to do; steps 2–10 already done');
      expect((only(real, 'recap') as { nodes: { done: number; unchanged: number }[] }).nodes.every((n) => n.done === 0 && n.unchanged > 0)).toBe(true);
    });
  });

  describe('with one node not licensed yet', () => {
    let lab: Lab;
    beforeAll(async () => {
      lab = await startLab({ nodes: 3 });
      await setup(lab);
      await rm(path.join(lab.nodes[2]!.root, INSTALL, 'conf', 'st.license'));
    }, 400_000);
    afterAll(async () => lab?.down());

    it('plans the licence copies on node3 and nothing else', async () => {
      const { plan, real } = await planThenApply(lab);
      expect(actions(plan, 'planned').every((a) => a.startsWith('license-others/node3/'))).toBe(true);
      expect(actions(plan, 'planned').length).toBeGreaterThan(0);
      // Once the run copied them, the next plan has nothing left to do.
      const human = await runCli(['setup', '--answers', lab.answersFile, '--dry-run']);
      expect(human.stdout).toMatch(/^Plan: nothing to do; steps 2–10 already done$/m);
      expect(real.stdout).not.toContain('stop_all');
    });
  });
});
