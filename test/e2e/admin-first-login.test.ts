// A fresh install as Axway ships it (issue 12 items 3, 4, 8): Admin answers admin/admin with a
// self-issued certificate; step 3 sets admin.password once; each node's certificate is pinned
// from what it presents on itself; a first Server already in service before clustering
// (its TM and protocol daemons running stand-alone) is quiesced by step 6, Admin left up.
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterPaths } from '../../src/journal/records.js';
import { normalizePin } from '../../src/st/admin-pin.js';
import { installPath, onlineNodes, serviceAlive } from '../support/cluster-state.js';
import { runCli, startLab, stepEvents, type CliRun } from '../support/lab.js';
import { api } from '../lab/support.js';

type Lab = Awaited<ReturnType<typeof startLab>>;

const actions = (run: CliRun, step: string): string[] =>
  run.events.filter((e) => e.type === 'action' && e.status === 'started' && e.step === step).map((e) => `${String(e.node)} ${String(e.summary)}`);

describe('a fresh install: default password, self-issued certificates, a first Server in service before clustering', () => {
  let lab: Lab;
  let password: string;
  let upTo3: CliRun;
  let rest: CliRun;

  beforeAll(async () => {
    lab = await startLab({ nodes: 2 });
    password = (await readFile(lab.adminPasswordFile, 'utf8')).trim();
    upTo3 = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--json', '--until', '3']);
  }, 240_000);
  afterAll(async () => lab?.down());

  it('needs no caFile: the lab answers trust what each node presents', async () => {
    expect(lab.caFile).toBeNull();
    expect(await readFile(lab.answersFile, 'utf8')).not.toContain('caFile');
  });

  it('step 3 logs in with admin/admin and sets admin.password by PATCH /myself, printing neither', async () => {
    expect(upTo3.exitCode, upTo3.stderr).toBe(0);
    expect(actions(upTo3, 'configure-first')).toContain('node1 set admin.password (logged in with admin.initialPassword)');
    const patch = upTo3.events.find((e) => e.type === 'action' && e.summary === 'set admin.password (logged in with admin.initialPassword)');
    expect(patch).toMatchObject({ kind: 'api', detail: { method: 'PATCH', url: expect.stringMatching(/\/api\/v2\.0\/myself$/) } });
    for (const text of [upTo3.stdout, upTo3.stderr]) expect(text).not.toContain(password);
    const first = lab.nodes[0]!;
    expect((await api(lab, first, '/version', { password: 'admin' })).status).toBe(401);
    expect((await api(lab, first, '/version', { password })).status).toBe(200);
  });

  it('pins the certificate node1 presents on itself, and journals the fingerprint', async () => {
    const cert = new X509Certificate(await readFile(installPath(lab.nodes[0]!.root, 'conf/certs/admind.pem')));
    const pin = normalizePin(cert.fingerprint256);
    expect(upTo3.events.filter((e) => e.type === 'admin-pin' && e.node === 'node1')).toEqual([expect.objectContaining({ fingerprint: pin, source: 'read on node1 itself' })]);
    const journal = (await readFile(clusterPaths(path.join(lab.dir, 'st-cluster-state'), 'lab').journal, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(journal).toContainEqual(expect.objectContaining({ type: 'admin-pin', node: 'node1', fingerprint: pin }));
  });

  it('a first Server in service stand-alone (TM and daemons running) is quiesced by step 6 and clustered; step 3 does not PATCH again', async () => {
    const root = lab.nodes[0]!.root;
    await execa(installPath(root, 'bin/start_all'), [], { timeout: 60_000 });
    expect(await serviceAlive(root, 'var/run/tm.pid')).toBe(true);
    expect(await serviceAlive(root, 'var/run/sshd.pid')).toBe(true);

    rest = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--json', '--resume'], { timeoutMs: 240_000 });
    expect(rest.exitCode, rest.stderr).toBe(0);
    const finals = stepEvents(rest).filter((e) => e.status !== 'started');
    expect(finals.find((e) => e.number === 3)?.status).toBe('already-done');
    expect(finals.find((e) => e.number === 6)?.status).toBe('done');
    expect(actions(rest, 'configure-first')).toEqual([]);
    const quiesced = actions(rest, 'quiesce').filter((a) => a.startsWith('node1 '));
    expect(quiesced).toEqual(expect.arrayContaining(['node1 stop_tm', 'node1 stop_sshd']));
    expect(quiesced.some((a) => a.includes('stop_admin') || a.includes('stop_all'))).toBe(false);
    expect(await onlineNodes(lab)).toEqual(['node1', 'node2']);
    for (const text of [rest.stdout, rest.stderr]) expect(text).not.toContain(password);
  }, 300_000);
});

describe('a fresh install that refuses: a pin that does not match, passwords that do not log in', () => {
  let lab: Lab;

  beforeAll(async () => {
    lab = await startLab({ nodes: 2 });
    const run = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--json', '--until', '2']);
    expect(run.exitCode, run.stderr).toBe(0);
  }, 240_000);
  afterAll(async () => lab?.down());

  const withAnswers = async (edit: (text: string) => string): Promise<void> => {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(lab.answersFile, edit(await readFile(lab.answersFile, 'utf8')));
  };

  it('admin.tls.pin that is not what node1 presents fails at once with both fingerprints', async () => {
    const wrong = `sha256/${'ab'.repeat(32)}`;
    const presented = normalizePin(new X509Certificate(await readFile(installPath(lab.nodes[0]!.root, 'conf/certs/admind.pem'))).fingerprint256);
    const original = await readFile(lab.answersFile, 'utf8');
    await withAnswers((text) => text.replace(/^admin:\n/m, `admin:\n  tls:\n    pin: "${wrong}"\n`));
    const run = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--resume', '--force-answers-change']);
    await withAnswers(() => original);
    expect(run.exitCode).not.toBe(0);
    const said = `${run.stdout}\n${run.stderr}`;
    expect(said).toContain(`presents ${presented}, the pin (admin.tls.pin) is ${wrong}`);
    expect(said).toContain('node1');
  }, 120_000);

  it('neither admin.password nor admin.initialPassword: step 3 is refused, naming the node and what to do', async () => {
    const patch = [{ op: 'replace', path: '/passwordCredentials/password', value: 'Set-By-Hand-9' }];
    expect((await api(lab, lab.nodes[0]!, '/myself', { method: 'PATCH', body: patch })).status).toBe(204);
    const run = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--json', '--resume', '--force-answers-change']);
    expect(run.exitCode).not.toBe(0);
    const said = JSON.stringify(run.events);
    expect(said).toContain('node1: neither admin.password nor admin.initialPassword logs in as admin (HTTP 401)');
    expect(said).toContain('put it in the secret behind admin.password');
    expect(said).not.toContain('Set-By-Hand-9');
  }, 120_000);
});
