// A canary DB password and a canary admin password, made for this test, never
// show in stdout, stderr, the journal, the audit log (either copy), the plan
// JSON, history, or any /proc/*/cmdline sampled while the run goes on — not even
// when the installer fails and prints its properties file, password and all.
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { startCli } from '../journal/cli-child.js';
import { REDACTED } from '../../src/journal/redact.js';
import { runCli, startLab } from '../support/lab.js';

type Lab = Awaited<ReturnType<typeof startLab>>;

const canary = (what: string): string => `Canary-${what}-${randomBytes(9).toString('base64url')}`;

function sampleCmdlines(into: Set<string>): void {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      into.add(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      // gone meanwhile
    }
  }
}

async function superQuery(sql: (client: pg.Client) => string, database?: string): Promise<void> {
  const url = new URL(inject('pgUrl'));
  if (database) url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(sql(client));
  } finally {
    await client.end();
  }
}

async function labWithCanaries(nodes: number, dbPassword: string, adminPassword: string): Promise<Lab> {
  const lab = await startLab({ nodes });
  await superQuery((c) => `ALTER ROLE ${c.escapeIdentifier(lab.db.user)} PASSWORD ${c.escapeLiteral(dbPassword)}`);
  await writeFile(lab.dbPasswordFile, dbPassword, { mode: 0o600 });
  await writeFile(lab.adminPasswordFile, adminPassword, { mode: 0o600 });
  return lab;
}

describe('canary secrets', () => {
  let lab: Lab;
  const dbPassword = canary('db');
  const adminPassword = canary('admin');

  beforeAll(async () => {
    lab = await labWithCanaries(3, dbPassword, adminPassword);
  });
  afterAll(async () => lab?.down());

  it('appear nowhere a plan, a setup, its journal, audit log or history writes, nor in any command line', async () => {
    const state = path.join(lab.dir, 'st-state');
    const copy = path.join(lab.dir, 'audit-copy.jsonl');
    const plan = await runCli(['plan', '--answers', lab.answersFile, '--json']);
    expect(plan.exitCode, plan.stderr).toBe(0);

    const cmdlines = new Set<string>();
    const run = startCli(['setup', '--answers', lab.answersFile, '--yes', '--json', '--state-dir', state, '--audit-log', copy]);
    const sampler = setInterval(() => sampleCmdlines(cmdlines), 15);
    const exit = await run.exit;
    clearInterval(sampler);
    expect(exit.code, run.stderr()).toBe(0);
    expect(cmdlines.size).toBeGreaterThan(20);
    const history = await runCli(['history', 'lab', '--state-dir', state]);

    const places: [string, string][] = [
      ['plan stdout', plan.stdout],
      ['plan stderr', plan.stderr],
      ['setup stdout', run.stdout()],
      ['setup stderr', run.stderr()],
      ['journal', await readFile(path.join(state, 'lab', 'journal.jsonl'), 'utf8')],
      ['audit log', await readFile(path.join(state, 'lab', 'audit.jsonl'), 'utf8')],
      ['audit copy', await readFile(copy, 'utf8')],
      ['history', history.stdout + history.stderr],
      ['/proc/*/cmdline', [...cmdlines].join('\n')],
    ];
    for (const [where, text] of places) {
      if (!where.endsWith('stderr')) expect(text.length, where).toBeGreaterThan(0);
      for (const secret of [dbPassword, adminPassword]) expect(text.includes(secret), `${where} holds a canary`).toBe(false);
    }
    // The audit log did see the secrets' carriers: the installer properties file, by path and size only.
    expect(await readFile(copy, 'utf8')).toMatch(/"op":"write","path":"\/opt\/Axway\/\.st-cluster-[^"/]+\/Install_SecureTransport_V5\.5\.properties"/);
  }, 180_000);
});

describe('canary secrets, when the installer fails and prints its properties', () => {
  let lab: Lab;
  const dbPassword = canary('db');
  const adminPassword = canary('admin');

  beforeAll(async () => {
    lab = await labWithCanaries(2, dbPassword, adminPassword);
    // A database that is not empty in a way preflight does not see (db.schema-absent looks
    // for CLUSTERNODE): the installer's CREATE TABLE st_lab_meta fails after it read the properties.
    await superQuery(() => 'CREATE TABLE st_lab_meta (key text)', lab.db.name);
  });
  afterAll(async () => lab?.down());

  it('appear in no output of a --json and of a human run; the journal keeps the full, redacted output', async () => {
    type Place = [string, string];
    const places: Place[] = [];
    const failedActions: Record<string, unknown>[] = [];
    for (const mode of ['json', 'human'] as const) {
      const state = path.join(lab.dir, `st-state-${mode}`);
      const copy = path.join(lab.dir, `audit-copy-${mode}.jsonl`);
      const run = await runCli(['setup', '--answers', lab.answersFile, '--yes', ...(mode === 'json' ? ['--json'] : []), '--state-dir', state, '--audit-log', copy]);
      expect(run.exitCode, run.stderr).toBe(4);
      const journalFile = path.join(state, 'lab', 'journal.jsonl');
      const journal = await readFile(journalFile, 'utf8');
      places.push(
        [`${mode} stdout`, run.stdout],
        [`${mode} stderr`, run.stderr],
        [`${mode} journal`, journal],
        [`${mode} audit log`, await readFile(path.join(state, 'lab', 'audit.jsonl'), 'utf8')],
        [`${mode} audit copy`, await readFile(copy, 'utf8')],
      );
      const records = journal.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      const failed = records.find((r) => r.type === 'action' && r.status === 'failed' && r.kind === 'exec');
      expect(failed, `${mode}: a failed install in the journal`).toBeDefined();
      failedActions.push(failed!);
      if (mode === 'json') {
        // The NDJSON event is the journal's, field for field (but its time and run ID).
        const event = run.events.find((e) => e.type === 'action' && e.status === 'failed');
        expect(event?.stderr).toBe(failed!.stderr);
      } else {
        expect(run.stdout).toContain(`in the journal ${journalFile}`);
      }
    }
    for (const failed of failedActions) {
      // The installer's echo is there whole, the password masked in it.
      expect(failed.step).toBe('install-first');
      expect(failed.stderr).toMatch(/Installation failed: .*st_lab_meta.*already exists/);
      expect(failed.stderr).toContain('Properties read from');
      expect(failed.stderr).toContain(`postgrePassword=${REDACTED}`);
      expect(failed.stderr).toMatch(/postgreLoginName=\S+/);
      expect(failed.error).toMatch(/exited 1: /);
    }
    for (const [where, text] of places) {
      if (!where.endsWith('stderr')) expect(text.length, where).toBeGreaterThan(0);
      for (const secret of [dbPassword, adminPassword]) expect(text.includes(secret), `${where} holds a canary`).toBe(false);
    }
  }, 240_000);
});
