// Issue 13 item 4, faults during a real run on a 3-node hosts lab: a partition
// of one node while step 4 installs it ends as a failed step (exit 4) naming the
// node unreachable, the install journaled cut, and after heal --resume finishes
// with no second install on any node; kill-sshd of a node before a run stops it
// at that node's preconditions (exit 3); restart-db in step 5 stops the run before
// its next change (exit 4, lock lost; or exit 3 at the next step's checks); kill-sshd of a node between steps 6 and 7
// stops the run at step 7's preconditions on that node (exit 3); resume heals both.
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CliChild, CliEvent } from '../journal/cli-child.js';
import { expectHealthyOnce, fault, hostsRunLab, leftovers, type HostsLab } from '../support/hosts-lab.js';

// Step 6 ended: done, or already done (its evidence held on this resume).
const step6Over = (e: CliEvent): boolean => e.type === 'step' && e.step === 'quiesce' && ['done', 'already-done'].includes(String(e.status));
const isStarted = (e: CliEvent): boolean => e.type === 'action' && e.status === 'started';
const failedChecks = (run: CliChild): CliEvent[] => run.events.filter((e) => e.type === 'check' && e.status === 'fail');

/**
 * setup --resume until it ends; a resume refused only because an installer a cut run set off
 * still runs on a node (st.no-job-running, exit 3) is tried again a moment later, as an operator would.
 */
async function resumeToEnd(start: () => CliChild): Promise<{ run: CliChild; refusedForAJob: number }> {
  for (let refusedForAJob = 0; ; refusedForAJob += 1) {
    const run = start();
    const exit = await run.exit;
    const failed = failedChecks(run);
    if (exit.code !== 3 || failed.length === 0 || !failed.every((e) => e.id === 'st.no-job-running') || refusedForAJob >= 10) return { run, refusedForAJob };
    expect(run.events.filter(isStarted)).toEqual([]);
    await sleep(1000);
  }
}

describe('faults during setup on a hosts lab', () => {
  // The installer takes 2 s, long enough to cut the link under it.
  const { lab: labOf, setup } = hostsRunLab({ installDelayMs: 2000 });
  let lab: HostsLab | undefined;
  beforeEach(() => void (lab = labOf()));

  it('kill-sshd on node3 before a run: it stops at the preconditions naming node3 (exit 3), nothing changed', async () => {
    expect((await fault(lab!, 'kill-sshd', 'node3')).exitCode).toBe(0);
    const stopped = setup();
    expect((await stopped.exit).code, stopped.stderr()).toBe(3);
    const failed = stopped.events.filter((e) => e.type === 'check' && e.status === 'fail');
    expect(failed.find((e) => e.id === 'node.reachable')).toMatchObject({ node: 'node3', detail: expect.stringMatching(/refused/) });
    expect(failed.every((e) => e.node === 'node3' || String(e.detail).includes('node3')), JSON.stringify(failed)).toBe(true);
    expect(stopped.events.filter((e) => e.type === 'action' && e.status === 'started')).toEqual([]);
    await fault(lab!, 'heal', 'node3');
  }, 60_000);

  it('partition of node2 during step 4: exit 4 naming node2 unreachable, the install journaled cut; healed, --resume ends healthy with no second install', async () => {
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

    // Healed, the cut installer may still be at work on node2 (or only now reach it): a resume
    // waits for it (st.no-job-running) and never starts a second one.
    expect((await fault(lab!, 'heal', 'node2')).exitCode).toBe(0);
    const { run: resumed } = await resumeToEnd(() => setup('--resume'));
    expect((await resumed.exit).code, resumed.stderr()).toBe(0);
    await expectHealthyOnce(lab!);
  }, 240_000);
});

describe('restart-db and kill-sshd in the middle of a run on a hosts lab', () => {
  const { lab: labOf, setup } = hostsRunLab({ installDelayMs: 2000 });
  let lab: HostsLab | undefined;
  beforeEach(() => void (lab = labOf()));

  it('restart-db in step 5: the run stops before its next change; resumed, kill-sshd of node3 between steps 6 and 7 stops it at step 7\'s preconditions (exit 3); healed and resumed, it ends healthy with one install per node', async () => {
    const first = setup();
    // Step 5's stops: no installer talks to the database then (one cut mid-install fails, as a real one may).
    const stopping = await first.waitFor((e) => isStarted(e) && e.step === 'stop-new-admins', 120_000);
    expect(stopping, first.stderr()).toBeDefined();
    const cut = first.events.length;
    expect((await fault(lab!, 'restart-db')).exitCode).toBe(0);
    // Before its next action the run finds its lock session gone (exit 4); or, when step 5 had
    // nothing left to start, the next step's checks find the database or Admin not answering (exit 3).
    const firstExit = await first.exit;
    const stoppedBy = String(first.events.at(-1)?.message);
    if (firstExit.code === 4) expect(stoppedBy).toMatch(/^lost the cluster lock: .+; run again with --resume$/);
    else expect({ code: firstExit.code, stoppedBy }).toEqual({ code: 3, stoppedBy: expect.stringMatching(/precondition\(s\) failed; nothing was changed/) });
    // Nothing started after the fault but what step 5 had already set off.
    expect(first.events.slice(cut).filter((e) => isStarted(e) && e.step !== 'stop-new-admins').map((e) => e.id)).toEqual([]);

    // The resume is paused the moment step 6 is done, node3's sshd and its sessions killed, and let go on.
    const second = setup('--resume');
    let paused = false;
    second.killWhen((e) => {
      if (paused || !step6Over(e)) return false;
      process.kill(second.pid, 'SIGSTOP');
      paused = true;
      return false;
    });
    await second.waitFor(step6Over, 180_000);
    expect(paused, JSON.stringify(second.events.filter((e) => e.type === 'step' || e.type === 'result'))).toBe(true);
    try {
      expect((await fault(lab!, 'kill-sshd', 'node3')).stdout).toMatch(/node3: sshd \(pid \d+\) and [1-9]\d* session\(s\) killed/);
    } finally {
      process.kill(second.pid, 'SIGCONT');
    }
    const stopped = await second.exit;
    expect(stopped.code, second.stderr()).toBe(3);
    const failed = failedChecks(second);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((e) => e.step === 'register-nodes' && e.node === 'node3'), JSON.stringify(failed)).toBe(true);
    expect(String(failed[0]?.detail)).toMatch(/refused|unreachable|could not/);
    expect(second.events.filter((e) => isStarted(e) && e.step === 'register-nodes')).toEqual([]);

    expect((await fault(lab!, 'heal', 'node3')).exitCode).toBe(0);
    const { run: third } = await resumeToEnd(() => setup('--resume'));
    expect((await third.exit).code, third.stderr()).toBe(0);
    await expectHealthyOnce(lab!);
    const made = { hosts: lab!.hosts, nodes: lab!.nodes };
    await lab!.down();
    expect(await leftovers(made)).toEqual([]);
  }, 300_000);
});
