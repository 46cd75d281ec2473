// SIGTERM during node2's install over ssh (a 2-node hosts lab, a slow installer): the first signal lets the remote installer finish and stops the run
// after it (exit 130, the action journaled done); two signals stop at once, the
// action journaled "cut", the staged files left to the installer still running,
// and a resume afterwards sets off no second installer on node2.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterPaths } from '../../src/journal/records.js';
import { inFlight, readJournal } from '../../src/journal/journal-reader.js';
import { pollUntil, systemClock } from '../../src/engine/poll.js';
import { startCli, type CliEvent } from '../journal/cli-child.js';
import { installsPerNode, readAudit } from '../journal/cluster-snapshot.js';
import { installPath, onlineNodes } from '../support/cluster-state.js';
import { startHostsLab, type HostsLab } from '../support/hosts-lab.js';

type Lab = HostsLab;

const stateOf = (lab: Lab): string => path.join(lab.dir, 'st-state');
const setup = (lab: Lab, resume = false) => startCli(['setup', '--answers', lab.answersFile, '--yes', '--json', '--state-dir', stateOf(lab), ...(resume ? ['--resume'] : [])]);
const isNode2Install = (e: CliEvent): boolean => e.type === 'action' && e.node === 'node2' && /^silent install/.test(String(e.summary));

/** Installer processes of a node (the lab's setup.sh runs "<sim> install <root> -s …"), sampled until stopped. */
function installerSampler(root: string): { pids: Set<number>; running(): number[]; stop(): void } {
  const pids = new Set<number>();
  const running = (): number[] =>
    readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(`\0install\0${root}\0-s\0`);
        } catch {
          return false;
        }
      })
      .map(Number);
  const timer = setInterval(() => running().forEach((p) => pids.add(p)), 25);
  return { pids, running, stop: () => clearInterval(timer) };
}

const labs: Lab[] = [];
afterAll(async () => {
  for (const lab of labs) await lab.down();
});

async function slowSshLab(): Promise<Lab> {
  const lab = await startHostsLab({ nodes: 2, installDelayMs: 5000 });
  labs.push(lab);
  return lab;
}

describe('signals during an install over ssh', () => {
  it('one SIGTERM: the remote installer finishes, the run stops after it with 130, the journal shows it done', async () => {
    const lab = await slowSshLab();
    const sampler = installerSampler(lab.nodes[1]!.root);
    const run = setup(lab);
    const started = await run.waitFor(isNode2Install, 150_000);
    expect(started, run.stderr()).toBeDefined();
    process.kill(run.pid, 'SIGTERM');
    const exit = await run.exit;
    sampler.stop();
    expect(exit.code, run.stderr()).toBe(130);
    const ends = run.events.filter((e) => e.type === 'action' && e.id === started!.id && e.status !== 'started' && e.status !== 'planned');
    expect(ends.map((e) => e.status)).toEqual(['done']);
    expect(run.events.at(-1)).toMatchObject({ type: 'result', status: 'interrupted', exitCode: 130 });
    // Nothing after it started: the run stopped between actions.
    const after = run.events.slice(run.events.indexOf(ends[0]!) + 1);
    expect(after.filter((e) => e.type === 'action' && e.status === 'started')).toEqual([]);
    expect(existsSync(installPath(lab.nodes[1]!.root, 'conf/version.txt'))).toBe(true);
    expect(sampler.pids.size).toBe(1);
    const { runs } = await readJournal(clusterPaths(stateOf(lab), 'lab').journal);
    expect(runs.at(-1)!.done).toContain(started!.id);
  }, 240_000);

  it('two signals: stop at once, the install is "cut" and keeps running with its staged files; the resume installs nothing twice', async () => {
    const lab = await slowSshLab();
    const root = lab.nodes[1]!.root;
    const sampler = installerSampler(root);
    const run = setup(lab);
    const started = await run.waitFor(isNode2Install, 150_000);
    expect(started, run.stderr()).toBeDefined();
    const planned = run.events.find((e) => e.type === 'action' && e.id === started!.id && e.status === 'planned');
    const staged = ((planned?.detail as { transient?: { path: string }[] } | undefined)?.transient ?? []).map((t) => t.path);
    expect(staged.length).toBeGreaterThan(0);
    // The installer is running on node2 before the signals come.
    expect(await pollUntil(systemClock, () => Promise.resolve(sampler.running().length === 1), 30_000)).toBe(true);
    process.kill(run.pid, 'SIGINT');
    process.kill(run.pid, 'SIGTERM');
    const exit = await run.exit;
    expect(exit.code, run.stderr()).toBe(130);
    const still = sampler.running();
    expect(still, 'the installer was cut on the node too').toHaveLength(1);
    // Staged in node2's private dir (under its root on this machine), not in a shared /tmp.
    for (const file of staged) expect(existsSync(path.join(root, file)), `${file} removed under the running installer`).toBe(true);
    expect(run.events.filter((e) => e.type === 'action' && e.id === started!.id).map((e) => e.status)).toEqual(['planned', 'started', 'cut']);
    expect(String(run.events.at(-1)?.message)).toMatch(/node2: silent install.*cut while running|cut while running.*node2/);

    const journal = clusterPaths(stateOf(lab), 'lab').journal;
    const records = readFileSync(journal, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as CliEvent);
    expect(records.find((r) => r.type === 'action' && r.status === 'cut')).toMatchObject({ id: started!.id, node: 'node2' });
    const { runs } = await readJournal(journal);
    expect(inFlight(runs.at(-1)!)).toContain(started!.id);

    // The cut installer ends by itself on the node; then the resume finds node2 installed.
    expect(await pollUntil(systemClock, () => Promise.resolve(sampler.running().length === 0), 60_000)).toBe(true);
    expect(existsSync(installPath(root, 'conf/version.txt'))).toBe(true);
    const resumed = setup(lab, true);
    const end = await resumed.exit;
    sampler.stop();
    expect(end.code, resumed.stderr()).toBe(0);
    expect(sampler.pids.size, 'one installer ever on node2').toBe(1);
    expect(installsPerNode(await readAudit(clusterPaths(stateOf(lab), 'lab').audit)).node2?.started).toBe(1);
    expect(await onlineNodes(lab)).toEqual(['node1', 'node2']);
    for (const file of staged) expect(existsSync(path.join(root, file)), `${file} left after the resume`).toBe(false);
  }, 300_000);
});
