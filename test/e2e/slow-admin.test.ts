// A slow Admin within the real budgets (issue 12 item 5): on real hardware Admin takes
// tens of seconds to open its port, and Axway's sample waits up to 600 s for it. A lab
// whose Admin takes 20 s to start sets up to a healthy cluster with the default budgets,
// which the plan shows; with a 5-second Admin budget the same wait stops the run, naming
// the node and the budget — so the budget decides, not luck.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runCli, startLab } from '../support/lab.js';

const ADMIN_START_MS = 20_000;
type Lab = Awaited<ReturnType<typeof startLab>>;

describe('a lab whose Admin takes tens of seconds to start', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab({ nodes: 2, adminStartDelayMs: ADMIN_START_MS });
  });
  afterAll(async () => lab?.down());

  it('sets up to a healthy cluster with the default budgets, which the plan shows', async () => {
    const plan = await runCli(['plan', '--answers', lab.answersFile]);
    expect(plan.exitCode, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/up to 10 min/);
    const run = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--json'], { timeoutMs: 420_000 });
    expect(run.exitCode, run.stderr).toBe(0);
    const waits = run.events.filter((e) => e.type === 'action' && e.status === 'done' && /Admin up and operational/.test(String(e.summary)));
    expect(waits.length).toBeGreaterThan(0);
    const status = await runCli(['status', '--answers', lab.answersFile, '--json']);
    expect(status.exitCode, status.stdout + status.stderr).toBe(0);
  }, 450_000);

  it('stops at the Admin wait when the budget is shorter than the start, naming the node and the budget', async () => {
    const stopped = await runCli(['lab', 'fault', 'stop-st', '--dir', lab.dir, '--node', 'node2']);
    expect(stopped.exitCode, stopped.stderr).toBe(0);
    const answers = parse(await readFile(lab.answersFile, 'utf8')) as { cluster: { timeouts?: Record<string, number> } };
    answers.cluster.timeouts = { ...answers.cluster.timeouts, adminReadySeconds: 5 };
    const short = path.join(path.dirname(lab.answersFile), 'answers-short.yaml');
    await writeFile(short, stringify(answers));
    const run = await runCli(['setup', '--answers', short, '--yes', '--json'], { timeoutMs: 240_000 });
    expect(run.exitCode).not.toBe(0);
    const failed = run.events.filter((e) => e.type === 'action' && e.status === 'failed') as { node: string; error?: unknown }[];
    expect(failed.map((e) => e.node)).toEqual(['node2']);
    expect(JSON.stringify(failed[0])).toMatch(/not reached within 5 s/);
  }, 300_000);
});
