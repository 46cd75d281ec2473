// A canary DB password and a canary admin password, made for this test, never
// show in stdout, stderr, the journal, the audit log (either copy), the plan
// JSON, history, or any /proc/*/cmdline sampled while the run goes on.
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { startCli } from '../journal/cli-child.js';
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

describe('canary secrets', () => {
  let lab: Lab;
  const dbPassword = canary('db');
  const adminPassword = canary('admin');

  beforeAll(async () => {
    lab = await startLab({ nodes: 3 });
    const client = new pg.Client({ connectionString: inject('pgUrl') });
    await client.connect();
    try {
      await client.query(`ALTER ROLE ${client.escapeIdentifier(lab.db.user)} PASSWORD ${client.escapeLiteral(dbPassword)}`);
    } finally {
      await client.end();
    }
    await writeFile(lab.dbPasswordFile, dbPassword, { mode: 0o600 });
    await writeFile(lab.adminPasswordFile, adminPassword, { mode: 0o600 });
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
    expect(await readFile(copy, 'utf8')).toMatch(/"op":"write","path":"\/tmp\/st-cluster-[^"]+\.properties"/);
  }, 180_000);
});
