// Day two on the lab: a 4-node lab whose answers list 3 nodes is set up by the
// built CLI; then status, TLS, add-node and remove-node run against it in turn.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLockFile } from '../../src/journal/lock-file.js';
import { readJournal } from '../../src/journal/journal-reader.js';
import { clusterPaths } from '../../src/journal/records.js';
import { clusterNodeRows, installPath, serviceAlive } from '../support/cluster-state.js';
import { CLI, failedChecks, runCli, startLab, stepEvents, type CliRun } from '../support/lab.js';
import { answersVariant, nodeScript, raiseLicensedNodes, status, tlsOption } from './lab-support.js';

type Lab = Awaited<ReturnType<typeof startLab>>;

describe('day two on a lab of 3 nodes plus one spare (licensed for 3)', () => {
  let lab: Lab;
  let three: string;
  let four: string;
  let setup: CliRun;

  beforeAll(async () => {
    lab = await startLab({ nodes: 4, maxNodes: 3 });
    three = await answersVariant(lab, 'answers-3.yaml', 3);
    four = lab.answersFile;
    setup = await runCli(['setup', '--answers', three, '--yes', '--json'], { timeoutMs: 150_000 });
  }, 180_000);
  afterAll(async () => lab?.down());

  it('status of the healthy 3-node cluster is HEALTHY, exit 0, with every fact', async () => {
    expect(setup.exitCode, setup.stderr).toBe(0);
    const certChecks = setup.events.filter((e) => e.type === 'check' && e.id === 'st.admind-cert');
    expect(certChecks.map((e) => `${String(e.step)} ${String(e.node)} ${String(e.status)}`).sort()).toEqual(['restart-all node1 pass', 'restart-all node2 pass', 'restart-all node3 pass']);
    const { exitCode, json } = await status(three);
    expect(exitCode).toBe(0);
    expect(json.verdict).toBe('HEALTHY');
    expect(json.online).toEqual(['node1', 'node2', 'node3']);
    expect(json.registered?.sort()).toEqual(lab.nodes.slice(0, 3).map((n) => n.address).sort());
    for (const node of json.nodes) {
      expect(node).toMatchObject({ online: true, registered: true, taeh: 'same', licenses: true, tlsOption: 'true', version: '5.5.0' });
      expect(node.cert?.present).toBe(true);
      expect(node.cert?.daysLeft).toBeGreaterThan(30);
    }
    expect(json.checks.filter((c) => c.status === 'fail')).toEqual([]);
    const human = await runCli(['status', '--answers', three]);
    expect(human.exitCode).toBe(0);
    expect(human.stdout).toMatch(/^HEALTHY\s+3\/3 nodes Online$/m);
    expect(human.stdout).toMatch(/^node2\s+\S+\s+Online\s+5\.5\.0\s+alive\s+alive\s+5 alive, pesitd disabled\s+yes\s+same\s+yes\s+true\s+\d{4}-\d\d-\d\d/m);
  });

  it('--watch looks again every --interval seconds until Ctrl-C, then exits with the last verdict', async () => {
    const watch = execa('node', [CLI, 'status', '--answers', three, '--watch', '--interval', '1', '--json'], { reject: false, env: { NO_COLOR: '1' }, timeout: 60_000 });
    let seen = 0;
    watch.stdout?.on('data', (chunk: Buffer) => {
      seen += String(chunk).split('\n').filter((l) => l.startsWith('{')).length;
      if (seen >= 2) watch.kill('SIGINT');
    });
    const ended = await watch;
    const looks = ended.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { verdict: string; checkedAt: string });
    expect(ended.exitCode, ended.stderr).toBe(0);
    expect(looks.length).toBeGreaterThanOrEqual(2);
    expect(looks.every((l) => l.verdict === 'HEALTHY')).toBe(true);
    expect(new Set(looks.map((l) => l.checkedAt)).size).toBe(looks.length);
  });

  it('is DEGRADED (exit 6) naming the node whose TM was stopped', async () => {
    const node3 = lab.nodes[2]!;
    await nodeScript(node3.root, 'stop_tm');
    try {
      const { exitCode, json } = await status(three);
      expect(exitCode).toBe(6);
      expect(json.verdict).toBe('DEGRADED');
      expect(json.reasons).toEqual([{ level: 'degraded', node: 'node3', text: 'node3: Offline (TM not running)' }]);
      expect(json.nodes.find((n) => n.name === 'node3')).toMatchObject({ online: false, tm: 'down' });
      const human = await runCli(['status', '--answers', three]);
      expect(human.exitCode).toBe(6);
      expect(human.stdout).toContain('node3: Offline (TM not running)');
    } finally {
      await nodeScript(node3.root, 'start_tm');
    }
    expect((await status(three)).json.verdict).toBe('HEALTHY');
  });

  it('is BROKEN (exit 7) naming the node that holds a different taeh', async () => {
    const taeh = installPath(lab.nodes[1]!.root, 'bin/taeh');
    const original = await readFile(taeh);
    await writeFile(taeh, randomBytes(1024));
    try {
      const { exitCode, json } = await status(three);
      expect(exitCode).toBe(7);
      expect(json.verdict).toBe('BROKEN');
      expect(json.reasons.filter((r) => r.level === 'broken')).toEqual([{ level: 'broken', node: 'node2', text: "node2: bin/taeh differs from node1's" }]);
      expect(json.checks).toContainEqual(expect.objectContaining({ id: 'st.taeh-identical', node: 'node2', status: 'fail' }));
    } finally {
      await writeFile(taeh, original);
    }
  });

  it('turns Cluster.enable.SSL off and on again, seen by the option and by status', async () => {
    const off = await answersVariant(lab, 'answers-3-notls.yaml', 3, (a) => (a.cluster.tls.enabled = false));
    const down = await runCli(['setup', '--answers', off, '--yes', '--json']);
    expect(down.exitCode, down.stderr).toBe(0);
    expect(await tlsOption(lab, 1)).toEqual(['false']);
    const seenOff = await status(off);
    expect(seenOff.json.nodes.map((n) => n.tlsOption)).toEqual(['false', 'false', 'false']);
    expect(seenOff.json.verdict).toBe('HEALTHY');
    expect((await status(three)).json.checks).toContainEqual(expect.objectContaining({ id: 'st.tls-option', status: 'fail' }));
    const up = await runCli(['setup', '--answers', three, '--yes', '--json']);
    expect(up.exitCode, up.stderr).toBe(0);
    expect(await tlsOption(lab, 2)).toEqual(['true']);
    expect((await status(three)).json.nodes.map((n) => n.tlsOption)).toEqual(['true', 'true', 'true']);
  });

  it('refuses add-node while the features license allows only 3 nodes, changing nothing', async () => {
    const run = await runCli(['add-node', '--answers', four, '--node', 'node4', '--yes', '--json']);
    expect(run.exitCode).toBe(3);
    expect(failedChecks(run)).toEqual([expect.objectContaining({ id: 'st.license-node-count', detail: expect.stringMatching(/makes 4 registered nodes.*allows 3/) })]);
    expect(await clusterNodeRows(lab)).toHaveLength(3);
    await expect(readFile(installPath(lab.nodes[3]!.root, 'conf/version.txt'))).rejects.toThrow();
    // status of the answers that list node4 before it is added: node4 is "not installed yet", pointed at add-node.
    const before = await runCli(['status', '--answers', four, '--json']);
    const text = before.stdout + before.stderr;
    expect(text).toContain('not installed yet — st-cluster add-node --node node4');
    expect(text).toMatch(/add-node --answers FILE --node node4/);
    expect(text).not.toMatch(/uninstall/i);
  });

  it('add-node grows the cluster to 4 healthy nodes once a 4-node license is installed', async () => {
    await raiseLicensedNodes(lab, 4, 3);
    const plan = await runCli(['add-node', '--answers', four, '--node', 'node4', '--dry-run', '--json']);
    expect(plan.exitCode, plan.stderr).toBe(0);
    expect(await clusterNodeRows(lab)).toHaveLength(3);
    const run = await runCli(['add-node', '--answers', four, '--node', 'node4', '--yes', '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(stepEvents(run).filter((e) => e.status !== 'started').map((e) => `${e.number} ${e.status}`)).toEqual(['1 done', '2 done', '3 done', '4 done', '5 done', '6 done', '7 done']);
    expect(await clusterNodeRows(lab)).toEqual(lab.nodes.map((n) => n.address).sort());
    const { exitCode, json } = await status(four);
    expect(exitCode).toBe(0);
    expect(json.online).toEqual(['node1', 'node2', 'node3', 'node4']);
    // The same journal and audit log as setup: the add-node run and its commands are recorded.
    const paths = clusterPaths(path.join(lab.dir, 'st-cluster-state'), 'lab');
    const { runs } = await readJournal(paths.journal);
    const added = runs.at(-1)!;
    expect(added.header?.command).toBe('add-node');
    expect(added.result?.status).toBe('ok');
    const audit = await readFile(paths.audit, 'utf8');
    expect(audit).toContain(added.runId);
    expect(audit).toMatch(/"node":"node4"/);
  });

  it('remove-node waits its turn: exit 5 while another run holds the cluster lock, nothing changed', async () => {
    const lockFile = clusterPaths(path.join(lab.dir, 'st-cluster-state'), 'lab').lock;
    const held = acquireLockFile(lockFile, { user: 'someone', host: hostname(), pid: process.pid, startedAt: new Date().toISOString(), runId: 'other-run' });
    if ('heldBy' in held) throw new Error('the test could not take the lock');
    try {
      const run = await runCli(['remove-node', '--answers', four, '--node', 'node4', '--yes']);
      expect(run.exitCode).toBe(5);
      expect(run.stdout + run.stderr).toMatch(/someone@.*other-run/);
    } finally {
      held.release();
    }
    expect(await clusterNodeRows(lab)).toContain(lab.nodes[3]!.address);
  });

  it('remove-node refuses the first node without --force and shrinks the cluster back to 3', async () => {
    const first = await runCli(['remove-node', '--answers', four, '--node', 'node1', '--dry-run', '--json']);
    expect(first.exitCode).toBe(3);
    expect(failedChecks(first).map((f) => f.id)).toEqual(['st.remove-safe']);
    // remove-node has no --accept-risk: its failure names only flags it has.
    expect(first.stderr).toMatch(/After fixing, run the same command again\./);
    expect(first.stderr + first.stdout).not.toContain('--accept-risk');
    const run = await runCli(['remove-node', '--answers', four, '--node', 'node4', '--yes', '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(String(run.events.at(-1)?.message)).toMatch(/configuration stays in the shared database/);
    const node4 = lab.nodes[3]!;
    expect(await clusterNodeRows(lab)).not.toContain(node4.address);
    expect(await serviceAlive(node4.root, 'var/run/admin/tomcat.pid')).toBe(false);
    expect(await serviceAlive(node4.root, 'var/run/tm.pid')).toBe(false);
    expect((await status(three)).json.verdict).toBe('HEALTHY');
    const stale = await status(four);
    expect(stale.exitCode).toBe(7);
    expect(stale.json.reasons).toContainEqual({ level: 'broken', node: 'node4', text: `node4: ${node4.address} is not registered in the cluster` });
  });
});
