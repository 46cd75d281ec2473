// Issue 13 item 4, faults during a real run on a 3-node hosts lab: a partition
// of one node while step 4 installs it ends as a failed step (exit 4) naming the
// node unreachable, the install journaled cut; kill-sshd of a node before a run
// stops it at that node's preconditions (exit 3).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../journal/cli-child.js';
import { fault, quickLinkLoss, startHostsLab, type HostsLab } from '../support/hosts-lab.js';

describe('faults during setup on a hosts lab', () => {
  let lab: HostsLab | undefined;
  const state = (): string => path.join(lab!.dir, 'st-state');
  const setup = (...more: string[]) => startCli(['setup', '--answers', lab!.answersFile, '--yes', '--json', '--state-dir', state(), ...more]);

  beforeAll(async () => {
    // The installer takes 2 s, long enough to cut the link under it.
    lab = await startHostsLab({ nodes: 3, installDelayMs: 2000 });
    quickLinkLoss(lab);
  }, 60_000);
  afterAll(async () => lab?.down());

  it('kill-sshd on node3 before a run: it stops at the preconditions naming node3 (exit 3), nothing changed', async () => {
    expect((await fault(lab!, 'kill-sshd', 'node3')).exitCode).toBe(0);
    const stopped = setup();
    expect((await stopped.exit).code, stopped.stderr()).toBe(3);
    const failed = stopped.events.filter((e) => e.type === 'check' && e.status === 'fail');
    expect(failed.find((e) => e.id === 'node.reachable')).toMatchObject({ node: 'node3', detail: expect.stringMatching(/node3: .*refused/) });
    expect(failed.every((e) => e.node === 'node3' || String(e.detail).includes('node3')), JSON.stringify(failed)).toBe(true);
    expect(stopped.events.filter((e) => e.type === 'action' && e.status === 'started')).toEqual([]);
    await fault(lab!, 'heal', 'node3');
  }, 60_000);

  it('partition of node2 during step 4: exit 4 naming node2 unreachable; the install journaled cut', async () => {
    const run = setup();
    const installing = await run.waitFor((e) => e.type === 'action' && e.step === 'install-others' && e.node === 'node2' && e.status === 'started' && /^silent install/.test(String(e.summary)), 120_000);
    expect(installing, run.stderr()).toBeDefined();
    expect((await fault(lab!, 'partition', 'node2')).exitCode).toBe(0);
    const exit = await run.exit;
    const result = run.events.at(-1);
    expect(exit.code, run.stderr()).toBe(4);
    expect(result).toMatchObject({ type: 'result', status: 'step-failed', exitCode: 4 });
    expect(String(result?.message)).toMatch(/node2: .*unreachable/);
    const ended = run.events.filter((e) => e.type === 'action' && e.id === installing!.id && !['planned', 'started'].includes(String(e.status)));
    expect(ended.map((e) => e.status)).toEqual(['cut']);
    expect(String(ended[0]?.error)).toMatch(/node2 .*unreachable.*may still be running/);
    expect(run.stderr()).toMatch(/fix: .*heal|fix: .*reachable/);
    await fault(lab!, 'heal', 'node2');
  }, 120_000);
});
