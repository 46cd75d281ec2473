// setup --yes on a 3-node hosts lab: every node its own network, mount, UTS and PID
// namespaces with its own sshd, reached over ssh as an operator that runs ST as the
// ST account through sudo; to a healthy cluster. Then lab down leaves nothing.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterNodeRows, onlineNodes, taehChecksums } from '../support/cluster-state.js';
import { leftovers, onNode, startHostsLab, type HostsLab } from '../support/hosts-lab.js';
import { runCli, type CliRun } from '../support/lab.js';

describe('setup --yes on a 3-node hosts lab, every node over ssh', () => {
  let lab: HostsLab | undefined;
  let run: CliRun;

  beforeAll(async () => {
    lab = await startHostsLab({ nodes: 3 });
    run = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--json'], { timeoutMs: 180_000 });
  }, 240_000);
  afterAll(async () => lab?.down());

  it('writes every node as adapter ssh: the operator, its key, prefilled known_hosts; cluster.account the ST account', () => {
    const answers = readFileSync(lab!.answersFile, 'utf8');
    for (const node of lab!.nodes) {
      expect(answers).toContain(`name: ${node.name}\n    address: ${node.address}\n    adapter: ssh\n`);
      expect(readFileSync(lab!.hosts.knownHostsFile, 'utf8')).toContain(`${node.address} ${node.host!.hostKey}\n`);
    }
    expect(answers.match(new RegExp(`user: ${lab!.hosts.operator}\n`, 'g'))).toHaveLength(3);
    expect(answers).toMatch(new RegExp(`^cluster:\n(  .*\n)*  account: ${lab!.hosts.stAccount}\n`, 'm'));
  });

  it('ends with every node Online, three CLUSTERNODE rows and one taeh', async () => {
    expect(run.exitCode, run.stderr).toBe(0);
    expect(await onlineNodes(lab!)).toEqual(['node1', 'node2', 'node3']);
    expect(await clusterNodeRows(lab!)).toEqual(lab!.nodes.map((n) => n.address).sort());
    const sums = await taehChecksums(lab!);
    expect(sums[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(sums).size).toBe(1);
    expect(run.events.at(-1)).toMatchObject({ type: 'result', status: 'ok', exitCode: 0 });
  });

  it('one ssh connection per node (before the tests\' own), into that node\'s own sshd, as the operator', () => {
    for (const node of lab!.nodes) {
      const log = readFileSync(path.join(node.root, '.sshd', 'sshd.log'), 'utf8');
      expect(log.match(new RegExp(`Accepted publickey for ${lab!.hosts.operator} from ${lab!.hosts.jumpAddress.replace(/\./g, '\\.')} `, 'g')) ?? [], log.slice(-2000)).toHaveLength(1);
    }
  });

  it('checked node.hostname-resolves for real: each node names itself and its /etc/hosts maps it to its address', async () => {
    const checks = run.events.filter((e) => e.type === 'check' && e.id === 'node.hostname-resolves');
    expect(checks.map((c) => [c.node, c.status])).toEqual(expect.arrayContaining(lab!.nodes.map((n) => [n.name, 'pass'])));
    const seen = await onNode(lab!, lab!.nodes[1]!, 'hostname; getent ahosts node2 | head -1; getent hosts node3');
    expect(seen.stdout.split('\n')[0]).toBe('node2');
    expect(seen.stdout).toContain(lab!.nodes[1]!.address);
    expect(seen.stdout).toMatch(new RegExp(`^${lab!.nodes[2]!.address.replace(/\./g, '\\.')}\\s+node3$`, 'm'));
  });

  it('every file of the install belongs to the ST account; the staging dir is empty and 0700', () => {
    const stUid = Number(readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${lab!.hosts.stAccount}:`))!.split(':')[2]);
    const cluster = String(run.events.find((e) => e.type === 'run')?.cluster);
    for (const node of lab!.nodes) {
      const axway = path.join(node.root, 'opt', 'Axway');
      const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => [path.join(dir, e.name), ...(e.isDirectory() ? walk(path.join(dir, e.name)) : [])]);
      expect(walk(axway).filter((f) => statSync(f).uid !== stUid)).toEqual([]);
      const staging = path.join(axway, `.st-cluster-${cluster}.${node.name}`);
      expect(readdirSync(staging)).toEqual([]);
      expect(statSync(staging).mode & 0o777).toBe(0o700);
    }
  });

  it('each node has its own /tmp, its own processes and one shared FS', async () => {
    const [node1, node2] = lab!.nodes;
    expect((await onNode(lab!, node1!, 'echo one > /tmp/only-here && echo shared > /mnt/st-shared/from-node1')).exitCode).toBe(0);
    const other = await onNode(lab!, node2!, 'ls /tmp/only-here; cat /mnt/st-shared/from-node1; ps -eo args= | grep -c "^sshd: "');
    expect(other.stderr).toMatch(/only-here.*No such file/);
    expect(other.stdout).toContain('shared');
    // The node's ps sees its own sshd sessions, not the jump host's ssh clients.
    expect((await onNode(lab!, node2!, 'ps -eo args=')).stdout).not.toMatch(/ssh -T/);
  });

  it('lab down removes every namespace, link, mount, account and process it made', async () => {
    const made = { hosts: lab!.hosts, nodes: lab!.nodes };
    expect((await leftovers(made)).length).toBeGreaterThan(0);
    await lab!.down();
    expect(await leftovers(made)).toEqual([]);
  });
});
