// --accept-new-host-keys on a 2-node hosts lab (every node its own sshd) whose
// node2's key is not yet known: a dry run reports the key and leaves known_hosts
// byte-identical; a real run records the fingerprint in its output, the journal
// and the audit log.
import { execa } from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterPaths } from '../../src/journal/records.js';
import { startHostsLab, type HostsLab } from '../support/hosts-lab.js';
import { runCli } from '../support/lab.js';

describe('--accept-new-host-keys on a hosts lab', () => {
  let lab: HostsLab | undefined;
  let fingerprint: string;
  let node2: string;
  const state = (): string => path.join(lab!.dir, 'st-state');
  const knownHosts = (): string => lab!.hosts.knownHostsFile;

  beforeAll(async () => {
    lab = await startHostsLab({ nodes: 2 });
    node2 = lab.nodes[1]!.address;
    const { stdout } = await execa('ssh-keygen', ['-l', '-f', path.join(lab.nodes[1]!.root, '.sshd', 'host_key.pub')]);
    fingerprint = `ssh-ed25519 ${stdout.split(' ')[1]!}`;
    // node2's key is not known yet (node1's is): a comment line shows the file is left byte for byte.
    const node1Line = readFileSync(knownHosts(), 'utf8').split('\n').find((l) => l.startsWith(`${lab!.nodes[0]!.address} `))!;
    writeFileSync(knownHosts(), `# st-cluster test: node2 not trusted yet\n${node1Line}\n`);
  }, 120_000);
  afterAll(async () => lab?.down());

  it('a dry run reports the key it would trust and leaves known_hosts byte-identical', async () => {
    const before = readFileSync(knownHosts());
    const run = await runCli(['setup', '--answers', lab!.answersFile, '--dry-run', '--accept-new-host-keys', '--json', '--state-dir', state()]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.events.filter((e) => e.type === 'host-key')).toEqual([expect.objectContaining({ node: 'node2', fingerprint, dryRun: true, port: 22 })]);
    expect(readFileSync(knownHosts()).equals(before)).toBe(true);
    // Without the flag, the next run still refuses the unknown key.
    const strict = await runCli(['setup', '--answers', lab!.answersFile, '--dry-run', '--json', '--state-dir', state()]);
    expect(strict.exitCode).not.toBe(0);
    expect(JSON.stringify(strict.events)).toContain('is not known');
  }, 120_000);

  it('a real run records the trusted fingerprint in the output, the journal and the audit log', async () => {
    const human = await runCli(['setup', '--answers', lab!.answersFile, '--yes', '--until', '1', '--accept-new-host-keys', '--state-dir', state()]);
    expect(human.exitCode, human.stderr).toBe(0);
    expect(human.stdout).toContain(`node2: ${node2}:22 host key ${fingerprint} trusted on first use, added to ${knownHosts()}`);
    // (The system ssh_config may hash the host name: the key itself is what must be there.)
    const key = readFileSync(path.join(lab!.nodes[1]!.root, '.sshd', 'host_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
    expect(readFileSync(knownHosts(), 'utf8')).toContain(key);
    const paths = clusterPaths(state(), 'lab');
    const journal = readFileSync(paths.journal, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(journal.filter((r) => r.type === 'host-key')).toEqual([expect.objectContaining({ node: 'node2', fingerprint, dryRun: false })]);
    const audit = readFileSync(paths.audit, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(audit.filter((r) => r.op === 'host-key')).toEqual([expect.objectContaining({ node: 'node2', fingerprint, knownHostsFile: knownHosts() })]);
  }, 120_000);
});
