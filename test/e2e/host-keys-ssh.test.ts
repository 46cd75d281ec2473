// --accept-new-host-keys on a lab whose node2 is reached over a real sshd whose
// key is not yet known: a dry run reports the key and leaves known_hosts
// byte-identical; a real run records the fingerprint in its output, the journal
// and the audit log.
import { execa } from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sshNodeUnavailable } from '../../src/lab/index.js';
import { clusterPaths } from '../../src/journal/records.js';
import { runCli, startLab } from '../support/lab.js';

type Lab = Awaited<ReturnType<typeof startLab>>;

const unavailable = sshNodeUnavailable();
const required = process.env.ST_TEST_REQUIRE_SSHD === '1';
const title = '--accept-new-host-keys with a node over ssh' + (unavailable && !required ? ` [SKIPPED: ${unavailable}]` : '');

describe.skipIf(unavailable !== null && !required)(title, () => {
  let lab: Lab | undefined;
  let fingerprint: string;
  const state = (): string => path.join(lab!.dir, 'st-state');

  beforeAll(async () => {
    if (unavailable) throw new Error(`ST_TEST_REQUIRE_SSHD=1 but ${unavailable}`);
    lab = await startLab({ nodes: 2, sshNodes: ['node2'] });
    const { stdout } = await execa('ssh-keygen', ['-l', '-f', path.join(lab.sshd!.dir, 'host_key.pub')]);
    fingerprint = `ssh-ed25519 ${stdout.split(' ')[1]!}`;
    // The node's key is not known yet: a comment line only, to prove the file is left byte for byte.
    writeFileSync(lab.sshd!.knownHostsFile, '# st-cluster test: nothing trusted yet\n');
  }, 120_000);
  afterAll(async () => lab?.down());

  it('a dry run reports the key it would trust and leaves known_hosts byte-identical', async () => {
    const before = readFileSync(lab!.sshd!.knownHostsFile);
    const run = await runCli(['setup', '--answers', lab!.answersFile, '--dry-run', '--accept-new-host-keys', '--json', '--state-dir', state()]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.events.filter((e) => e.type === 'host-key')).toEqual([expect.objectContaining({ node: 'node2', fingerprint, dryRun: true, port: lab!.sshd!.port })]);
    expect(readFileSync(lab!.sshd!.knownHostsFile).equals(before)).toBe(true);
    // Without the flag, the next run still refuses the unknown key.
    const strict = await runCli(['setup', '--answers', lab!.answersFile, '--dry-run', '--json', '--state-dir', state()]);
    expect(strict.exitCode).not.toBe(0);
    expect(JSON.stringify(strict.events)).toContain('is not known');
  }, 120_000);

  it('a real run records the trusted fingerprint in the output, the journal and the audit log', async () => {
    const human = await runCli(['setup', '--answers', lab!.answersFile, '--yes', '--until', '1', '--accept-new-host-keys', '--state-dir', state()]);
    expect(human.exitCode, human.stderr).toBe(0);
    expect(human.stdout).toContain(`node2: 127.0.0.1:${lab!.sshd!.port} host key ${fingerprint} trusted on first use, added to ${lab!.sshd!.knownHostsFile}`);
    // (The system ssh_config may hash the host name: the key itself is what must be there.)
    const key = readFileSync(path.join(lab!.sshd!.dir, 'host_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
    expect(readFileSync(lab!.sshd!.knownHostsFile, 'utf8')).toContain(key);
    const paths = clusterPaths(state(), 'lab');
    const journal = readFileSync(paths.journal, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(journal.filter((r) => r.type === 'host-key')).toEqual([expect.objectContaining({ node: 'node2', fingerprint, dryRun: false })]);
    const audit = readFileSync(paths.audit, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(audit.filter((r) => r.op === 'host-key')).toEqual([expect.objectContaining({ node: 'node2', fingerprint, knownHostsFile: lab!.sshd!.knownHostsFile })]);
  }, 120_000);
});
