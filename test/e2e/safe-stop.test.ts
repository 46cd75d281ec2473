// Issue 11.4–11.6 on a 3-node lab: a wrong admin password fails at once naming the 401;
// a stray registration before step 7 stops the run before anything is stopped; status
// says UNKNOWN (exit 8) whenever a fact behind its verdict could not be read.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterNodeRows, labQuery, serviceAlive } from '../support/cluster-state.js';
import { failedChecks, runCli, startLab, stepEvents, type CliRun } from '../support/lab.js';

type Lab = Awaited<ReturnType<typeof startLab>>;
type AnswersDoc = { admin: { password: { file: string }; initialPassword?: { file: string }; caFile: string; port: number } };

const PIDS = ['var/run/admin/tomcat.pid', 'var/run/tm.pid'];
const STRAY = '192.0.2.77';

/** The lab's answers with `edit` applied, in a directory of their own (own journal, own state). */
async function variant(lab: Lab, name: string, edit: (a: AnswersDoc) => Promise<void> | void): Promise<string> {
  const answers = parse(await readFile(lab.answersFile, 'utf8')) as AnswersDoc;
  const dir = path.join(lab.dir, name);
  await mkdir(dir, { recursive: true });
  await edit(answers);
  const file = path.join(dir, 'answers.yaml');
  await writeFile(file, stringify(answers));
  return file;
}

async function services(lab: Lab): Promise<Record<string, boolean[]>> {
  const seen: Record<string, boolean[]> = {};
  for (const node of lab.nodes) seen[node.name] = await Promise.all(PIDS.map((p) => serviceAlive(node.root, p)));
  return seen;
}

const startedStops = (run: CliRun): unknown[] => run.events.filter((e) => e.type === 'action' && e.status === 'started' && /^stop_/.test(String(e.summary)));
const output = (run: CliRun): string => `${run.stdout}\n${run.stderr}`;

async function status(answers: string): Promise<{ exitCode: number; json: { verdict: string; reasons: { level: string; text: string }[]; registeredError: string | null; sharedFs: { state: string } } }> {
  const run = await runCli(['status', '--answers', answers, '--json']);
  return { exitCode: run.exitCode, json: JSON.parse(run.stdout) as never };
}

describe('never take a running cluster down; waits and status that know why (3-node lab)', () => {
  let lab: Lab;
  let wrongPassword: string;
  beforeAll(async () => {
    lab = await startLab({ nodes: 3 });
    // On a fresh install admin.password is what step 3 sets: only a wrong initial password too is "wrong".
    wrongPassword = await variant(lab, 'wrong-password', async (a) => {
      const file = path.join(lab.dir, 'wrong-password', 'admin-password');
      await writeFile(file, 'not-the-admin-password\n', { mode: 0o600 });
      a.admin.password.file = file;
      a.admin.initialPassword = { file };
    });
  }, 120_000);
  afterAll(async () => lab?.down());

  it('wrong admin passwords fail the first Admin wait at once, naming HTTP 401, the node and the keys', async () => {
    const run = await runCli(['setup', '--answers', wrongPassword, '--yes', '--json']);
    expect(run.exitCode).toBe(4);
    expect(output(run)).toContain('node1: neither admin.password nor admin.initialPassword logs in as admin (HTTP 401)');
    expect(output(run)).not.toContain('not reached within');
    expect(output(run)).not.toContain('not-the-admin-password');
  });

  it('a stray address registered before step 7 stops the run before any stop, naming it; no node is stopped', async () => {
    const until6 = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--json', '--until', '6'], { timeoutMs: 150_000 });
    expect(until6.exitCode, until6.stderr).toBe(0);
    await labQuery(lab, `insert into clusternode (serveraddress) values ('${STRAY}')`);
    const before = await services(lab);
    expect(before.node1).toEqual([true, false]);

    const run = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--json'], { timeoutMs: 150_000 });
    expect(run.exitCode).toBe(3);
    const stray = failedChecks(run).find((c) => c.id === 'st.registration-exact');
    expect(stray?.detail).toContain(`${STRAY} is registered in the cluster but is no node of the answers`);
    expect(stray?.fix).toMatch(/Remove 192\.0\.2\.77 in node1's Admin Tool .*Cluster Management.*or add the node with that address to the answers file/);
    expect(startedStops(run)).toEqual([]);
    expect(stepEvents(run).find((s) => s.step === 'restart-all')).toBeUndefined();
    expect(await services(lab)).toEqual(before);
    expect(await clusterNodeRows(lab)).toEqual([STRAY]);
  }, 200_000);

  it('once the stray is removed the run completes: st.restart-safe and st.restart-licensed pass before step 10 stops anything', async () => {
    await labQuery(lab, `delete from clusternode where serveraddress = '${STRAY}'`);
    const run = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--json'], { timeoutMs: 150_000 });
    expect(run.exitCode, run.stderr).toBe(0);
    const proofs = run.events.filter((e) => e.type === 'check' && e.step === 'restart-all' && String(e.id).startsWith('st.restart-'));
    expect(proofs.map((e) => `${String(e.id)} ${String(e.status)}`).sort()).toEqual(['st.restart-licensed pass', 'st.restart-safe pass']);
    const healthy = await status(lab.answersFile);
    expect(healthy.exitCode).toBe(0);
    expect(healthy.json.verdict).toBe('HEALTHY');
    expect(healthy.json.sharedFs.state).toBe('shared');
  }, 200_000);

  it('a stray address in a running cluster (one node Offline): the run stops before any stop, nothing is stopped', async () => {
    await labQuery(lab, `insert into clusternode (serveraddress) values ('${STRAY}')`);
    try {
      // Knock one node Offline so step 10 has work to do.
      execFileSync(path.join(lab.nodes[2]!.root, 'opt/Axway/SecureTransport/bin/stop_tm'), [], { timeout: 60_000 });
      const before = await services(lab);
      const run = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--json'], { timeoutMs: 150_000 });
      expect(run.exitCode).toBe(3);
      expect(failedChecks(run).map((c) => c.id)).toContain('st.registration-exact');
      expect(startedStops(run)).toEqual([]);
      expect(await services(lab)).toEqual(before);
    } finally {
      await labQuery(lab, `delete from clusternode where serveraddress = '${STRAY}'`);
    }
    const healed = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--json'], { timeoutMs: 150_000 });
    expect(healed.exitCode, healed.stderr).toBe(0);
  }, 300_000);

  it('status is UNKNOWN (exit 8) with a wrong admin password, naming the 401', async () => {
    const { exitCode, json } = await status(wrongPassword);
    expect(exitCode).toBe(8);
    expect(json.verdict).toBe('UNKNOWN');
    expect(json.registeredError).toContain('HTTP 401');
    expect(json.reasons).toContainEqual({ level: 'unknown', node: null, text: expect.stringContaining('the cluster registration could not be read (admin.password does not log in') });
  });

  it('status is UNKNOWN (exit 8) with a CA that did not sign the admind certificates', async () => {
    const wrongCa = await variant(lab, 'wrong-ca', (a) => {
      const dir = path.join(lab.dir, 'wrong-ca');
      const key = path.join(dir, 'ca.key');
      const pem = path.join(dir, 'ca.pem');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=some other CA', '-keyout', key, '-out', pem], { stdio: 'pipe' });
      a.admin.caFile = pem;
    });
    const { exitCode, json } = await status(wrongCa);
    expect(exitCode).toBe(8);
    expect(json.verdict).toBe('UNKNOWN');
    expect(json.registeredError).toMatch(/Admin certificate of node1 .* is not trusted/);
  });

  it('status is UNKNOWN (exit 8) when the registration listing cannot be read (no Admin answers on admin.port)', async () => {
    const wrongPort = await variant(lab, 'wrong-port', (a) => {
      a.admin.port = 1;
    });
    const { exitCode, json } = await status(wrongPort);
    expect(exitCode).toBe(8);
    expect(json.verdict).toBe('UNKNOWN');
    expect(json.registeredError).toContain('unreachable');
  });
});
