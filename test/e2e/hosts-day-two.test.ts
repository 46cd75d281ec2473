// Issue 13 item 3 on one 4-node hosts lab whose answers list 3 nodes, every node
// over real ssh and ST under its own account through sudo: setup to a healthy
// cluster, a second setup that changes nothing, status HEALTHY, who owns what the
// tool placed and where the secrets are, then add-node of node4 and remove-node.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterNodeRows, onlineNodes } from '../support/cluster-state.js';
import { leftovers, nodeFiles, placedSince, secretsOnNodes, startHostsLab, uidOf, type HostsLab, type NodeFile } from '../support/hosts-lab.js';
import { runCli, stepEvents, type CliRun } from '../support/lab.js';
import { answersVariant, status } from '../day-two/lab-support.js';

describe('day one and day two on a hosts lab, every node over ssh', () => {
  let lab: HostsLab | undefined;
  let three: string;
  let setup: CliRun;
  let before: NodeFile[];

  beforeAll(async () => {
    lab = await startHostsLab({ nodes: 4 });
    three = await answersVariant(lab, 'answers-3.yaml', 3);
    before = nodeFiles(lab);
    setup = await runCli(['setup', '--answers', three, '--yes', '--json'], { timeoutMs: 180_000 });
  }, 240_000);
  afterAll(async () => lab?.down());

  it('setup ends healthy; a second setup changes nothing; status is HEALTHY', async () => {
    expect(setup.exitCode, setup.stderr).toBe(0);
    expect(await onlineNodes(lab!)).toEqual(['node1', 'node2', 'node3']);
    const again = await runCli(['setup', '--answers', three, '--yes', '--json'], { timeoutMs: 180_000 });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(stepEvents(again).filter((e) => e.status !== 'started').slice(1).map((e) => e.status)).toEqual(Array(9).fill('already-done'));
    expect(again.events.filter((e) => e.type === 'action')).toEqual([]);
    const { exitCode, json } = await status(three);
    expect(exitCode).toBe(0);
    expect(json.verdict).toBe('HEALTHY');
    expect(json.online).toEqual(['node1', 'node2', 'node3']);
    expect(json.registered?.sort()).toEqual(lab!.nodes.slice(0, 3).map((n) => n.address).sort());
  }, 240_000);

  it('every file the run placed on a node or the shared FS belongs to the ST account; none to root', () => {
    const st = uidOf(lab!.hosts.stAccount);
    const placed = placedSince(lab!, before);
    expect(placed.filter((f) => f.file.includes('/opt/Axway/SecureTransport/')).length).toBeGreaterThan(30);
    expect(placed.filter((f) => f.uid !== st).map((f) => `${f.file} uid ${f.uid}`)).toEqual([]);
  });

  it('the DB and Admin passwords are only in ST\'s own 0600 files under the install dir: not in the operator\'s home or history, /tmp, /var/tmp, the shared FS', () => {
    const st = uidOf(lab!.hosts.stAccount);
    const found = secretsOnNodes(lab!);
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) {
      expect(f.file, 'a secret outside the install dir').toMatch(/\/opt\/Axway\/SecureTransport\/conf\//);
      expect({ file: f.file, uid: f.uid, groupOrOther: f.mode & 0o077 }).toEqual({ file: f.file, uid: st, groupOrOther: 0 });
    }
  });

  it('add-node grows the cluster to 4 healthy nodes over ssh; remove-node shrinks it back to 3', async () => {
    const four = lab!.answersFile;
    const add = await runCli(['add-node', '--answers', four, '--node', 'node4', '--yes', '--json'], { timeoutMs: 180_000 });
    expect(add.exitCode, add.stderr).toBe(0);
    expect(stepEvents(add).filter((e) => e.status !== 'started').map((e) => `${e.number} ${e.status}`)).toEqual(['1 done', '2 done', '3 done', '4 done', '5 done', '6 done', '7 done']);
    expect(await clusterNodeRows(lab!)).toEqual(lab!.nodes.map((n) => n.address).sort());
    const grown = await status(four);
    expect(grown.exitCode, grown.stderr).toBe(0);
    expect(grown.json.online).toEqual(['node1', 'node2', 'node3', 'node4']);
    // node4's install belongs to the ST account too.
    const st = uidOf(lab!.hosts.stAccount);
    expect(placedSince(lab!, before).filter((f) => f.uid !== st).map((f) => f.file)).toEqual([]);

    const remove = await runCli(['remove-node', '--answers', four, '--node', 'node4', '--yes', '--json'], { timeoutMs: 180_000 });
    expect(remove.exitCode, remove.stderr).toBe(0);
    expect(await clusterNodeRows(lab!)).not.toContain(lab!.nodes[3]!.address);
    expect(await onlineNodes(lab!)).toEqual(['node1', 'node2', 'node3']);
    expect((await status(three)).json.verdict).toBe('HEALTHY');
  }, 360_000);

  it('no secret anywhere after day two either; lab down leaves nothing', async () => {
    for (const f of secretsOnNodes(lab!)) expect(f.file).toMatch(/\/opt\/Axway\/SecureTransport\/conf\//);
    const made = { hosts: lab!.hosts, nodes: lab!.nodes };
    await lab!.down();
    expect(await leftovers(made)).toEqual([]);
  });
});
