// add-node honours cluster.autoRegister: the installer registers the node, so
// the stop / add / start-Admin steps are shown as skipped, never dropped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterNodeRows } from '../support/cluster-state.js';
import { runCli, startLab, stepEvents, type CliRun } from '../support/lab.js';
import { answersVariant, status } from './lab-support.js';

type Lab = Awaited<ReturnType<typeof startLab>>;

describe('add-node with auto-register on a lab of 2 nodes plus one spare', () => {
  let lab: Lab;
  let setup: CliRun;

  beforeAll(async () => {
    lab = await startLab({ nodes: 3, autoRegister: true });
    setup = await runCli(['setup', '--answers', await answersVariant(lab, 'answers-2.yaml', 2), '--yes', '--json'], { timeoutMs: 150_000 });
  }, 180_000);
  afterAll(async () => lab?.down());

  it('installs the node with its address for the installer, skips steps 3–5 and ends healthy', async () => {
    expect(setup.exitCode, setup.stderr).toBe(0);
    expect(await clusterNodeRows(lab)).toHaveLength(2);
    const run = await runCli(['add-node', '--answers', lab.answersFile, '--node', 'node3', '--yes', '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    const finals = stepEvents(run).filter((e) => e.status !== 'started');
    expect(finals.map((e) => `${e.number} ${e.status}${e.reason === 'auto-register' ? ' auto-register' : ''}`)).toEqual([
      '1 done',
      '2 done',
      '3 skipped auto-register',
      '4 skipped auto-register',
      '5 skipped auto-register',
      '6 done',
      '7 done',
    ]);
    expect(run.events.some((e) => e.type === 'action' && String(e.summary).startsWith('add '))).toBe(false);
    expect(await clusterNodeRows(lab)).toEqual(lab.nodes.map((n) => n.address).sort());
    const { exitCode, json } = await status(lab.answersFile);
    expect(exitCode).toBe(0);
    expect(json.online).toEqual(['node1', 'node2', 'node3']);
  });

  it('changes nothing when run again: every step already done or skipped', async () => {
    const again = await runCli(['add-node', '--answers', lab.answersFile, '--node', 'node3', '--yes', '--json']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.events.filter((e) => e.type === 'action')).toEqual([]);
  });
});
