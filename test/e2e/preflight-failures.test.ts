// Each precondition failure stops the run with exit 3, its check ID and its node,
// before the step changes anything.
import { mkdir, rm, writeFile, rename, readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAnswers } from '../../src/answers/index.js';
import { wire } from '../../src/cli/wiring.js';
import { PreflightFailedError } from '../../src/engine/errors.js';
import { EventLog } from '../../src/engine/events.js';
import { runSteps } from '../../src/engine/runner.js';
import { registerNodes } from '../../src/steps/register-nodes.js';
import { installPath } from '../support/cluster-state.js';
import { failedChecks, runCli, startLab } from '../support/lab.js';
import { snapshotTree } from '../support/tree.js';
import { execa } from 'execa';

type Lab = Awaited<ReturnType<typeof startLab>>;

describe('preflight failures on a 3-node lab', () => {
  let lab: Lab;
  const setup = (answers = lab.answersFile): ReturnType<typeof runCli> => runCli(['setup', '--answers', answers, '--yes', '--json']);
  beforeAll(async () => {
    lab = await startLab({ nodes: 3 });
  });
  afterAll(async () => lab?.down());

  it('shared FS not shared on one node → fs.shared names that node; nothing written', async () => {
    const link = path.join(lab.nodes[1]!.root, 'mnt/st-shared');
    await rename(link, `${link}.real`);
    await mkdir(link);
    try {
      // The nodes and the shared FS: the jump host's own journal is not the cluster.
      const nodesAndShared = (r: string): boolean => !(r === 'nodes' || r.startsWith('nodes/') || r === 'shared' || r.startsWith('shared/'));
      const before = await snapshotTree(lab.dir, nodesAndShared);
      const run = await setup();
      expect(run.exitCode).toBe(3);
      expect(failedChecks(run)).toContainEqual(expect.objectContaining({ id: 'fs.shared', node: lab.nodes[1]!.name }));
      expect(await snapshotTree(lab.dir, nodesAndShared)).toEqual(before);
    } finally {
      await rm(link, { recursive: true });
      await rename(`${link}.real`, link);
    }
  });

  it('--accept-risk naming no check of the run, or no node of the answers, is exit 2 listing the valid ones; nothing runs', async () => {
    const typo = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--accept-risk', 'fs.shard', '--reason', 'typo']);
    expect(typo.exitCode, typo.stderr).toBe(2);
    expect(typo.stderr).toMatch(/--accept-risk fs\.shard: no check fs\.shard runs in this command/);
    expect(typo.stderr).toMatch(/Name one of: .*fs\.shared.*st\.no-job-running/);
    const badNode = await runCli(['preflight', '--answers', lab.answersFile, '--accept-risk', 'fs.shared@node9', '--reason', 'typo']);
    expect(badNode.exitCode, badNode.stderr).toBe(2);
    expect(badNode.stderr).toContain(`there is no node node9 in the answers.`);
    expect(badNode.stderr).toContain(`Name one of: ${lab.nodes.map((n) => n.name).join(', ')}.`);
    expect(badNode.stdout + badNode.stderr).not.toMatch(/Step 1/);
  });

  it('preflight walks step 1 only and says so: its run event counts 1 step, every check and node on a line', async () => {
    const run = await runCli(['preflight', '--answers', lab.answersFile, '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.events[0]).toMatchObject({ type: 'run', command: 'preflight', steps: 1 });
    expect(new Set(run.events.filter((e) => e.type === 'step').map((e) => e.number))).toEqual(new Set([1]));
    // Checks only: no plan, so no plan summary.
    expect(run.events.filter((e) => e.type === 'plan')).toEqual([]);
    const human = await runCli(['preflight', '--answers', lab.answersFile]);
    expect(human.stdout).toContain('Step 1/1');
    for (const node of lab.nodes) expect(human.stdout).toMatch(new RegExp(`✔ node\\.reachable +${node.name}: `));
  });

  it('DB unreachable → db.reachable and db.reachable-from-node on every node', async () => {
    const bad = path.join(lab.dir, 'answers-bad-port.yaml');
    const text = await readFile(lab.answersFile, 'utf8');
    await writeFile(bad, text.replace(/(\n\s*port:\s*)\d+(\s*\n\s*name:)/, '$11$2'));
    const run = await setup(bad);
    expect(run.exitCode).toBe(3);
    const failed = failedChecks(run);
    expect(failed).toContainEqual(expect.objectContaining({ id: 'db.reachable' }));
    for (const node of lab.nodes) expect(failed).toContainEqual(expect.objectContaining({ id: 'db.reachable-from-node', node: node.name }));
  });

  it('install dir not empty → node.install-dir on that node', async () => {
    const dir = installPath(lab.nodes[2]!.root, '');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'leftover.txt'), 'from an old attempt\n');
    try {
      const run = await setup();
      expect(run.exitCode).toBe(3);
      const failure = failedChecks(run).find((f) => f.id === 'node.install-dir');
      expect(failure).toMatchObject({ node: lab.nodes[2]!.name });
      expect(failure?.detail).toContain('leftover.txt');
      expect(failure?.fix).toBeTruthy();
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('a wrong taeh planted on node 2 before step 4 stops the run before node 2 is installed', async () => {
    const upTo3 = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--json', '--until', '3']);
    expect(upTo3.exitCode, upTo3.stderr).toBe(0);
    const taeh = installPath(lab.nodes[1]!.root, 'bin/taeh');
    await mkdir(path.dirname(taeh), { recursive: true });
    await writeFile(taeh, randomBytes(1024), { mode: 0o600 });
    try {
      const run = await setup();
      expect(run.exitCode).toBe(3);
      expect(failedChecks(run)).toContainEqual(expect.objectContaining({ id: 'st.taeh-identical', node: lab.nodes[1]!.name }));
      const installs = run.events.filter((e) => e.type === 'action' && e.status === 'started' && String(e.summary).startsWith('silent install'));
      expect(installs).toEqual([]);
    } finally {
      await rm(installPath(lab.nodes[1]!.root, ''), { recursive: true });
    }
  });

  it('Admin not stopped when step 7 needs it → st.admin-stopped on that node', async () => {
    const upTo6 = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--json', '--until', '6']);
    expect(upTo6.exitCode, upTo6.stderr).toBe(0);
    // An operator starts Admin on node 2 by hand between step 6 and step 7.
    await execa(installPath(lab.nodes[1]!.root, 'bin/start_admin'));
    const loaded = await loadAnswers(lab.answersFile, { canPrompt: false });
    const wired = await wire(loaded, { dryRun: false, parallel: 4, events: new EventLog() });
    try {
      const error = await runSteps(wired.ctx, [registerNodes], { dryRun: false, acceptRisks: new Map(), signal: new AbortController().signal }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PreflightFailedError);
      expect((error as PreflightFailedError).failures).toContainEqual(expect.objectContaining({ id: 'st.admin-stopped', node: lab.nodes[1]!.name }));
    } finally {
      await wired.close();
    }
  });
});
