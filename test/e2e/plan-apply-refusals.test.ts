// apply refuses (exit 2) when a premise of its plan no longer holds, names each
// difference, and changes nothing: the lab's tree and every DB row stay byte-identical.
import { readFile, writeFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli, startLab, type CliRun } from '../support/lab.js';
import { applyPlan, editPlan, labPicture, makePlan, type Lab } from '../support/plan-lab.js';
import { home, script } from '../lab/support.js';

/** A lab (set up to step `until` when given), a plan on it, `change`, then apply — with the lab pictured around the apply. */
async function refusedAfter(change: (lab: Lab, plan: string) => Promise<void>, until?: number): Promise<{ run: CliRun; before: Awaited<ReturnType<typeof labPicture>>; after: Awaited<ReturnType<typeof labPicture>> }> {
  const lab = await startLab({ nodes: 3 });
  try {
    if (until !== undefined) {
      const setup = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--until', String(until), '--json'], { timeoutMs: 150_000 });
      expect(setup.exitCode, setup.stderr).toBe(0);
    }
    const { file } = await makePlan(lab);
    await change(lab, file);
    const before = await labPicture(lab);
    const run = await applyPlan(lab, file);
    return { run, before, after: await labPicture(lab) };
  } finally {
    await lab.down();
  }
}

function expectRefused(outcome: Awaited<ReturnType<typeof refusedAfter>>, ...differences: RegExp[]): void {
  const { run, before, after } = outcome;
  expect(run.exitCode, run.stderr).toBe(2);
  const result = run.events.at(-1)!;
  expect(result).toMatchObject({ type: 'result', status: 'error', exitCode: 2 });
  expect(String(result.message)).toMatch(/no longer fits the cluster: \d+ premises? differs?; nothing was changed/);
  const named = (result.explanation as string[]).filter((l) => l.startsWith('  '));
  // Exactly what changed is named: no other premise reads differently.
  expect(named, named.join('\n')).toHaveLength(differences.length);
  for (const difference of differences) expect(named.join('\n')).toMatch(difference);
  // Refused before the journal opened: no run, no action, nothing on disk or in the DB.
  expect(run.events.filter((e) => e.type === 'run' || e.type === 'action')).toEqual([]);
  expect(after.tree).toEqual(before.tree);
  expect(after.db).toEqual(before.db);
}

describe('apply refuses when a premise changed, and changes nothing', () => {
  it('an answers key changed', async () => {
    const outcome = await refusedAfter(async (lab) => {
      const doc = parseDocument(await readFile(lab.answersFile, 'utf8'));
      doc.setIn(['cluster', 'maxClockSkewSeconds'], 7);
      await writeFile(lab.answersFile, doc.toString());
    });
    expectRefused(outcome, /^ {2}answers key changed: cluster\.maxClockSkewSeconds$/m);
    expect((outcome.run.events.at(-1)!.explanation as string[]).filter((l) => l.includes('answers key changed'))).toHaveLength(1);
  }, 240_000);

  it("a node's Admin stopped", async () => {
    const outcome = await refusedAfter(async (lab) => {
      const stop = await script(lab.nodes[0]!, 'stop_admin');
      expect(stop.code, stop.stderr).toBe(0);
    }, 3);
    expectRefused(outcome, /node1 \([\d.]+\): Admin: running at plan time, stopped now/);
  }, 240_000);

  it("a node's taeh changed", async () => {
    const outcome = await refusedAfter(async (lab) => {
      const taeh = home(lab.nodes[0]!, 'bin', 'taeh');
      const bytes = await readFile(taeh);
      bytes[0] = bytes[0]! ^ 0xff;
      await writeFile(taeh, bytes);
    }, 2);
    expectRefused(outcome, /node1 \([\d.]+\): bin\/taeh: sha256 [0-9a-f]{12}… at plan time, sha256 [0-9a-f]{12}… now/);
  }, 240_000);

  it('another tool version made the plan', async () => {
    const outcome = await refusedAfter((_lab, plan) => editPlan(plan, (p) => void (p.premises.tool.version = '0.0.9')));
    expectRefused(outcome, /st-cluster version: the plan was made by 0\.0\.9, this is \d+\.\d+\.\d+/);
  }, 240_000);
});

describe('apply refuses a plan file that is not one (exit 2, nothing changed)', () => {
  const tampered = async (edit: (plan: Record<string, unknown>) => void): Promise<CliRun> => {
    const lab = await startLab({ nodes: 3 });
    try {
      const { file } = await makePlan(lab);
      await editPlan(file, (p) => edit(p));
      const before = await labPicture(lab);
      const run = await applyPlan(lab, file);
      const after = await labPicture(lab);
      expect(after.tree).toEqual(before.tree);
      expect(after.db).toEqual(before.db);
      expect(run.exitCode, run.stderr).toBe(2);
      return run;
    } finally {
      await lab.down();
    }
  };

  it('another format, an unknown field, a bad checksum: each named', async () => {
    const format = await tampered((p) => void (p.format = 'st-cluster/plan-v2'));
    expect(String(format.events.at(-1)!.message)).toMatch(/is not a valid plan file: its format is "st-cluster\/plan-v2", this st-cluster reads "st-cluster\/plan-v1"; nothing was changed/);
    const extra = await tampered((p) => {
      p.approvedBy = 'someone';
      ((p.premises as { nodes: Record<string, unknown>[] }).nodes[1]!).taeh = 'not-a-checksum';
    });
    const lines = (extra.events.at(-1)!.explanation as string[]).join('\n');
    expect(String(extra.events.at(-1)!.message)).toMatch(/is not a valid plan file: 2 fields do not fit st-cluster\/plan-v1/);
    expect(lines).toMatch(/\(top\): Unrecognized key: "approvedBy"/);
    expect(lines).toMatch(/premises\.nodes\.1\.taeh: /);
  }, 240_000);
});
