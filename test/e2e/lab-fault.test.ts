// `st-cluster lab fault` on a 3-node hosts lab, each kind through the CLI: a
// partition during a run is reported for that node and heal + resume finishes;
// stop-st kills the node's ST processes; restart-db cuts every DB session;
// kill-sshd makes the node refuse ssh until heal starts it again.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labStatus } from '../../src/lab/index.js';
import { startCli } from '../journal/cli-child.js';
import { labQuery, onlineNodes } from '../support/cluster-state.js';
import { labJson, onNode, fault, quickLinkLoss, startHostsLab, type HostsLab } from '../support/hosts-lab.js';

describe('lab fault on a hosts lab', () => {
  let lab: HostsLab | undefined;
  const state = (): string => path.join(lab!.dir, 'st-state');
  const setup = (...more: string[]) => startCli(['setup', '--answers', lab!.answersFile, '--yes', '--json', '--state-dir', state(), ...more]);

  beforeAll(async () => {
    lab = await startHostsLab({ nodes: 3, installDelayMs: 2000 });
    quickLinkLoss(lab);
  }, 60_000);
  afterAll(async () => lab?.down());

  it('partition during a run: the run stops naming the node it lost; heal and --resume finish to a healthy cluster', async () => {
    const run = setup();
    const installing = await run.waitFor((e) => e.type === 'action' && e.node === 'node1' && e.status === 'started' && /^silent install/.test(String(e.summary)), 120_000);
    expect(installing, run.stderr()).toBeDefined();
    const cut = await fault(lab!, 'partition', 'node2');
    expect(cut.exitCode, cut.stderr).toBe(0);
    expect(cut.stdout).toMatch(/node2 \(198\.1[89]\.\d+\.12\) partitioned/);
    const exit = await run.exit;
    expect(exit.code).not.toBe(0);
    expect(JSON.stringify(run.events.at(-1))).toMatch(/node2: .*(lost|unreachable|timed out|No route)/);
    const healed = await fault(lab!, 'heal', 'node2');
    expect(healed.stdout).toMatch(/node2: link stv\w+ up/);
    const resumed = setup('--resume');
    expect((await resumed.exit).code, resumed.stderr()).toBe(0);
    expect(await onlineNodes(lab!)).toEqual(['node1', 'node2', 'node3']);
  }, 240_000);

  it('stop-st SIGKILLs the node\'s ST processes and nothing else', async () => {
    const killed = await fault(lab!, 'stop-st', 'node2');
    expect(killed.exitCode, killed.stderr).toBe(0);
    expect(killed.stdout).toMatch(/node2: [1-9]\d* SecureTransport process\(es\) killed with SIGKILL/);
    const status = labStatus(lab!.dir);
    expect(status.nodes.find((n) => n.name === 'node2')!.services).toMatchObject({ admin: 'down', tm: 'down' });
    expect(status.nodes.find((n) => n.name === 'node1')!.services).toMatchObject({ admin: 'alive', tm: 'alive' });
    // The node itself is up: its sshd answers.
    expect((await onNode(lab!, lab!.nodes[1]!, 'hostname')).stdout).toBe('node2');
  });

  it('restart-db restarts the lab\'s PostgreSQL: a new postmaster in lab.json, the DB answers again', async () => {
    const before = labJson(lab!).pg!.pid;
    const restarted = await fault(lab!, 'restart-db');
    expect(restarted.exitCode, restarted.stderr).toBe(0);
    const after = labJson(lab!).pg!.pid;
    expect(after).not.toBe(before);
    expect(restarted.stdout).toContain(`new pid ${after}`);
    expect((await labQuery<{ one: number }>(lab!, 'select 1 as one'))[0]!.one).toBe(1);
  });

  it('kill-sshd: the node refuses ssh (and a run stops at it); heal starts its sshd again', async () => {
    const node3 = lab!.nodes[2]!;
    const killed = await fault(lab!, 'kill-sshd', 'node3');
    expect(killed.stdout).toMatch(/node3: sshd \(pid \d+\) and \d+ session\(s\) killed/);
    const refused = await onNode(lab!, node3, 'true');
    expect(refused.exitCode).toBe(255);
    expect(refused.stderr).toMatch(/Connection refused/);
    const run = setup('--dry-run');
    expect((await run.exit).code).not.toBe(0);
    expect(JSON.stringify(run.events)).toMatch(/node3[^"]*Connection refused|node3.*refused/);
    const healed = await fault(lab!, 'heal', 'node3');
    expect(healed.stdout).toMatch(/sshd started again \(pid \d+\)/);
    expect((await onNode(lab!, node3, 'hostname')).stdout).toBe('node3');
  }, 120_000);

  it('refuses an unknown kind, and a node fault without --node, with exit 2', async () => {
    const unknown = await fault(lab!, 'flood', 'node1');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('the faults are partition, heal, kill-sshd, stop-st, restart-db');
    const noNode = await fault(lab!, 'partition');
    expect(noNode.exitCode).toBe(2);
    expect(noNode.stderr).toContain('needs --node NAME (node1, node2, node3)');
  });
});
