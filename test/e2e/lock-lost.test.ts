import { existsSync } from 'node:fs';
// The run lock lost mid-run (its backend terminated, the database restarted):
// the holder stops before its next action (exit 4, "lost the cluster lock",
// journaled), a second run started meanwhile refuses while the first one's
// installer still runs on a node (st.no-job-running, exit 3), and --resume
// then finishes to a healthy cluster.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pollUntil, systemClock } from '../../src/engine/poll.js';
import { readJournal } from '../../src/journal/journal-reader.js';
import { readState } from '../../src/lab/state.js';
import { restartPg } from '../support/pg-restart.js';
import { startCli, type CliChild, type CliEvent } from '../journal/cli-child.js';
import { snapshot } from '../journal/cluster-snapshot.js';
import { labQuery } from '../support/cluster-state.js';
import { startLab } from '../support/lab.js';

type Lab = Awaited<ReturnType<typeof startLab>>;

const setup = (lab: Lab, state: string, resume = false): CliChild =>
  startCli(['setup', '--answers', lab.answersFile, '--yes', '--json', '--state-dir', path.join(lab.dir, state), ...(resume ? ['--resume'] : [])]);

const isStarted = (e: CliEvent): boolean => e.type === 'action' && e.status === 'started';

/** The lock's backend, by the application_name the holder gives its lock session (stc|pid|run|user@host). */
async function lockBackend(lab: Lab, cliPid: number): Promise<number> {
  let pid: number | undefined;
  const found = await pollUntil(
    systemClock,
    async () => {
      const rows = await labQuery<{ pid: number }>(lab, `select pid from pg_stat_activity where application_name like 'stc|${cliPid}|%'`);
      pid = rows[0]?.pid;
      return pid !== undefined;
    },
    10_000,
  );
  expect(found, 'the holder has a lock session').toBe(true);
  return pid!;
}

/** The holder stopped with exit 4 before any action after `cut` (the one in flight finished), and its journal says why. */
async function expectStoppedByLostLock(lab: Lab, state: string, holder: CliChild, cut: number, inFlight: string): Promise<void> {
  const exit = await holder.exit;
  expect(exit.code, holder.stderr()).toBe(4);
  const result = holder.events.at(-1);
  expect(result).toMatchObject({ type: 'result', exitCode: 4 });
  expect(String(result?.message)).toMatch(/^lost the cluster lock: .+; run again with --resume$/);
  expect(holder.events.slice(cut).filter(isStarted).map((e) => e.id)).toEqual([]);
  expect(holder.events.slice(cut).some((e) => e.type === 'action' && e.id === inFlight && e.status === 'done')).toBe(true);
  const { runs } = await readJournal(path.join(lab.dir, state, 'lab', 'journal.jsonl'));
  const records = JSON.stringify(runs.at(-1));
  expect(records).toContain('lost the cluster lock');
}

async function expectHealthy(lab: Lab): Promise<void> {
  const now = await snapshot(lab);
  expect(now).toMatchObject({ registered: ['node1', 'node2', 'node3'], online: ['node1', 'node2', 'node3'], taehPerNode: 3, distinctTaeh: 1 });
}

describe('the run lock lost mid-run', () => {
  const labs: Lab[] = [];
  afterAll(async () => {
    for (const lab of labs) await lab.down();
  });

  it('backend terminated during the first install: the holder stops before its next action, a second run is refused by st.no-job-running, --resume finishes', async () => {
    // The first install takes 8 s: time for the second run's step 1 while it still runs.
    const lab = await startLab({ nodes: 3, installDelayMs: 8000 });
    labs.push(lab);
    const holder = setup(lab, 'state-a');
    const install = await holder.waitFor((e) => isStarted(e) && e.step === 'install-first');
    expect(install, holder.stderr()).toBeDefined();
    const backend = await lockBackend(lab, holder.pid);
    const cut = holder.events.length;
    expect((await labQuery<{ ok: boolean }>(lab, `select pg_terminate_backend(${backend}) as ok`))[0]?.ok).toBe(true);

    // Another jump host's view: its own state dir, the database lock free again.
    const second = setup(lab, 'state-b');
    const secondExit = await second.exit;
    expect(secondExit.code, second.stderr()).toBe(3);
    const jobChecks = second.events.filter((e) => e.type === 'check' && e.id === 'st.no-job-running');
    expect(jobChecks.map((e) => [e.node, e.status])).toEqual(
      expect.arrayContaining([
        ['node1', 'fail'],
        ['node2', 'pass'],
        ['node3', 'pass'],
      ]),
    );
    expect(String(jobChecks.find((e) => e.node === 'node1')?.detail)).toMatch(/^a SecureTransport job is still running \(pid \d+: .*\/opt\/media\/SecureTransport\/setup\.sh /);
    expect(second.stderr()).toContain('st.no-job-running on node1');
    expect(second.events.some(isStarted)).toBe(false);
    // The refusal came while the first install still ran, and left that install's staged files alone.
    expect(holder.events.some((e) => e.type === 'action' && e.id === install!.id && e.status === 'done')).toBe(false);
    expect(existsSync(path.join(lab.nodes[0]!.root, 'opt', 'Axway', '.st-cluster-lab.node1', 'Install_SecureTransport_V5.5.properties')), 'staged properties removed under the running installer').toBe(true);

    await expectStoppedByLostLock(lab, 'state-a', holder, cut, String(install!.id));
    const resumed = setup(lab, 'state-a', true);
    const exit = await resumed.exit;
    expect(exit.code, resumed.stderr()).toBe(0);
    await expectHealthy(lab);
  }, 240_000);

  it("the lab's PostgreSQL restarted while Admins start: the holder stops before its next action, --resume finishes", async () => {
    // The lab's own server (not the suite's shared one), so it can be restarted.
    const lab = await startLab({ nodes: 3, dbUrl: undefined, startDelayMs: 2500 });
    labs.push(lab);
    const own = readState(lab.dir)?.pg;
    expect(own).toBeTruthy();
    const holder = setup(lab, 'state');
    const starting = await holder.waitFor((e) => isStarted(e) && e.step === 'start-new-admins', 180_000);
    expect(starting, holder.stderr()).toBeDefined();
    await lockBackend(lab, holder.pid);
    const cut = holder.events.length;
    await restartPg(own!);
    await expectStoppedByLostLock(lab, 'state', holder, cut, String(starting!.id));
    const resumed = setup(lab, 'state', true);
    const exit = await resumed.exit;
    expect(exit.code, resumed.stderr()).toBe(0);
    await expectHealthy(lab);
  }, 360_000);
});
