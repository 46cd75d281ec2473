// Plan files on the lab (issue 16 items 1–2): plan --out, then apply exactly that.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { onlineNodes } from '../support/cluster-state.js';
import { runCli, startLab, stepEvents } from '../support/lab.js';
import { applyPlan, editPlan, labPicture, labSecrets, makePlan, planFileOf, schemaErrors, type Lab } from '../support/plan-lab.js';
import { home } from '../lab/support.js';
import type { PlanFile } from '../../src/plan-file/format.js';

async function withLab<T>(body: (lab: Lab) => Promise<T>, options: Parameters<typeof startLab>[0] = {}): Promise<T> {
  const lab = await startLab({ nodes: 3, ...options });
  try {
    return await body(lab);
  } finally {
    await lab.down();
  }
}

const status = async (lab: Lab): Promise<{ exitCode: number; verdict: unknown }> => {
  const run = await runCli(['status', '--answers', lab.answersFile, '--json']);
  return { exitCode: run.exitCode, verdict: (JSON.parse(run.stdout) as { verdict: unknown }).verdict };
};

describe('plan --out, then apply', () => {
  it('on a fresh lab: the plan fits its JSON Schema and holds no secret; apply builds a HEALTHY cluster, journaled as apply', () =>
    withLab(async (lab) => {
      const { file, plan } = await makePlan(lab);
      expect(await schemaErrors(plan)).toEqual([]);
      expect(plan.format).toBe('st-cluster/plan-v1');
      // After a fresh install only Admin runs, and step 5 stops it on the new nodes: step 6 finds its work done (as setup does).
      expect(plan.steps.map((s) => `${s.number} ${s.status}`)).toEqual(['1 done', ...[2, 3, 4, 5].map((n) => `${n} planned`), '6 already-done', ...[7, 8, 9, 10].map((n) => `${n} planned`)]);
      expect(plan.premises.nodes.map((n) => n.install)).toEqual(Array(3).fill({ state: 'absent', version: null }));
      expect(plan.premises.answers.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(plan.createdBy.user).not.toBe('');
      const install = plan.steps[1]!.actions[0]!;
      expect(install.detail.argv).toContain('/opt/media/SecureTransport/setup.sh');
      const text = await readFile(file, 'utf8');
      const secrets = await labSecrets(lab);
      expect(secrets.every((secret) => secret.length >= 8)).toBe(true);
      for (const secret of secrets) expect(text).not.toContain(secret);

      const junit = planFileOf(lab, 'apply.xml');
      const run = await applyPlan(lab, file, ['--junit', junit]);
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.events.find((e) => e.type === 'run')).toMatchObject({ command: 'apply', dryRun: false });
      expect(await readFile(junit, 'utf8')).toMatch(/<testcase [^>]*name="fs\.shared/);
      expect(await onlineNodes(lab)).toEqual(['node1', 'node2', 'node3']);
      expect(await status(lab)).toEqual({ exitCode: 0, verdict: 'HEALTHY' });
      // Every action that ran was in the plan (same step, node and summary).
      const planned = new Set(plan.steps.flatMap((s) => s.actions.map((a) => `${s.id} ${a.node} ${a.summary}`)));
      const ran = run.events.filter((e) => e.type === 'action' && e.status === 'done').map((e) => `${String(e.step)} ${String(e.node)} ${String(e.summary)}`);
      expect(ran.length).toBeGreaterThan(10);
      expect(ran.filter((a) => !planned.has(a))).toEqual([]);
      const journal = await readFile(String(run.events.find((e) => e.type === 'run')!.journal), 'utf8');
      const header = JSON.parse(journal.split('\n').filter((l) => l.includes('"type":"header"')).at(-1)!);
      expect(header).toMatchObject({ command: 'apply', plan: { file, sha256: createHash('sha256').update(text).digest('hex'), createdAt: plan.createdAt } });
    }), 240_000);

  it('with auto-register: steps 5–8 are in the plan as skipped, with the reason, and apply builds a HEALTHY cluster', () =>
    withLab(async (lab) => {
      const { file, plan } = await makePlan(lab);
      expect(plan.steps.filter((s) => s.status === 'skipped').map((s) => `${s.number} ${s.reason}`)).toEqual([5, 6, 7, 8].map((n) => `${n} auto-register`));
      expect(plan.steps.filter((s) => s.status === 'skipped').flatMap((s) => s.actions)).toEqual([]);
      const run = await applyPlan(lab, file);
      expect(run.exitCode, run.stderr).toBe(0);
      expect(await status(lab)).toEqual({ exitCode: 0, verdict: 'HEALTHY' });
    }, { autoRegister: true }), 240_000);

  it("setup --dry-run --out: the plan's --until and accepted risks are what apply runs with", () =>
    withLab(async (lab) => {
      const file = planFileOf(lab);
      const dry = await runCli(['setup', '--answers', lab.answersFile, '--dry-run', '--out', file, '--until', '3', '--accept-risk', 'db.max-connections', '--reason', 'a rehearsal lab']);
      expect(dry.exitCode, dry.stderr).toBe(0);
      const plan = JSON.parse(await readFile(file, 'utf8')) as PlanFile;
      expect(plan.options).toEqual({ until: 3, acceptedRisks: [{ id: 'db.max-connections', reason: 'a rehearsal lab' }] });
      expect(plan.steps.map((s) => s.number)).toEqual([1, 2, 3]);
      const run = await applyPlan(lab, file);
      expect(run.exitCode, run.stderr).toBe(0);
      expect(String(run.events.at(-1)!.message)).toMatch(/^Steps 1–3 done\./);
      expect(stepEvents(run).filter((e) => e.status === 'done').map((e) => e.number)).toEqual([1, 2, 3]);
      const journal = await readFile(String(run.events.find((e) => e.type === 'run')!.journal), 'utf8');
      expect(JSON.parse(journal.split('\n')[0]!)).toMatchObject({ command: 'apply', flags: { until: 3, acceptRisk: ['db.max-connections'], reason: 'a rehearsal lab' } });
    }), 240_000);

  it('a plan made on a finished cluster: every step already done, and apply does nothing', () =>
    withLab(async (lab) => {
      const setup = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--json'], { timeoutMs: 150_000 });
      expect(setup.exitCode, setup.stderr).toBe(0);
      const { file, plan } = await makePlan(lab);
      expect(plan.steps.slice(1).map((s) => s.status)).toEqual(Array(9).fill('already-done'));
      expect(plan.steps.flatMap((s) => s.actions)).toEqual([]);
      const before = await labPicture(lab);
      const run = await applyPlan(lab, file);
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.events.filter((e) => e.type === 'action')).toEqual([]);
      expect(stepEvents(run).filter((e) => e.status !== 'started').slice(1).map((e) => e.status)).toEqual(Array(9).fill('already-done'));
      const after = await labPicture(lab);
      // Only the run's own records (journal, audit log) are new.
      const changed = [...after.tree].filter(([p, v]) => before.tree.get(p) !== v).map(([p]) => p);
      expect(changed.every((p) => p.startsWith('st-cluster-state'))).toBe(true);
      expect(after.db).toEqual(before.db);
    }), 240_000);

  it('an action the run would need that the plan lacks stops the run before that step acts (exit 4, named)', () =>
    withLab(async (lab) => {
      const { file } = await makePlan(lab);
      // Premises unchanged; the plan just lacks node3's license copies of step 9.
      await editPlan(file, (plan) => {
        const step = plan.steps.find((s) => s.id === 'license-others')!;
        step.actions = step.actions.filter((a) => a.node !== 'node3');
      });
      const run = await applyPlan(lab, file);
      expect(run.exitCode, run.stderr).toBe(4);
      const result = run.events.at(-1)!;
      expect(String(result.message)).toMatch(/step license-others would run 2 actions the plan .* does not hold: node3: license/);
      expect(stepEvents(run).find((e) => e.step === 'license-others' && e.status === 'failed')).toBeDefined();
      // Nothing of step 9 ran: not even node2's copies, which the plan has.
      expect(run.events.filter((e) => e.type === 'action' && e.step === 'license-others' && e.status !== 'planned')).toEqual([]);
      await expect(readFile(home(lab.nodes[2]!, 'conf', 'st.license'))).rejects.toThrow(/ENOENT/);
      expect(run.events.some((e) => e.type === 'action' && e.step === 'register-nodes' && e.status === 'done')).toBe(true);

      // A new plan on the cluster as it is now; the stopped run must be resumed, not started over.
      const next = await makePlan(lab, 'plan-2.json');
      expect(next.plan.steps.filter((s) => s.status === 'planned').map((s) => s.id)).toEqual(['license-others', 'restart-all']);
      const plain = await applyPlan(lab, next.file);
      expect(plain.exitCode, plain.stderr).toBe(2);
      expect(String(plain.events.at(-1)!.message)).toMatch(/The last run did not finish/);
      const resumed = await applyPlan(lab, next.file, ['--resume']);
      expect(resumed.exitCode, resumed.stderr).toBe(0);
      expect(await status(lab)).toEqual({ exitCode: 0, verdict: 'HEALTHY' });
    }), 240_000);
});
