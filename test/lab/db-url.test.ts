import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { randomAddressBase } from './support.js';

const run = promisify(execFile);
const cli = path.resolve('dist/cli/main.js');

async function superQuery<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: inject('pgUrl') });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe('st-cluster lab up|status|down --db-url (the CLI, on a shared server)', () => {
  const parent = mkdtempSync(path.join(tmpdir(), 'st-lab-test-'));
  const dir = path.join(parent, 'lab');
  afterAll(async () => {
    if (existsSync(dir)) await run(process.execPath, [cli, 'lab', 'down', '--dir', dir]);
    rmSync(parent, { recursive: true, force: true });
  });

  it('makes a role and database of its own with CREATE on the shared tablespaces, and drops them on lab down', async () => {
    const base = randomAddressBase();
    const up = await run(process.execPath, [cli, 'lab', 'up', '--dir', dir, '--nodes', '2', '--db-url', inject('pgUrl'), '--address-base', base, '--name', 'cli-lab', '--json']);
    const info = JSON.parse(up.stdout) as { answersFile: string; db: { name: string }; nodes: { address: string }[] };
    expect(info.answersFile).toBe(path.join(dir, 'answers.yaml'));
    expect(info.nodes.map((n) => n.address)).toEqual([base.replace(/10$/, '11'), base.replace(/10$/, '12')]);
    expect(info.db.name).toMatch(/^st_cli_lab_[0-9a-f]{8}$/);

    const [db] = await superQuery<{ owner: string; ts: string }>(
      'SELECT pg_get_userbyid(d.datdba) AS owner, t.spcname AS ts FROM pg_database d JOIN pg_tablespace t ON t.oid = d.dattablespace WHERE d.datname = $1', [info.db.name]);
    expect(db).toEqual({ owner: info.db.name, ts: 'st_data' });
    const grants = await superQuery<{ ok: boolean }>(
      "SELECT bool_and(has_tablespace_privilege($1, spcname, 'CREATE')) AS ok FROM pg_tablespace WHERE spcname IN ('st_data', 'st_filetracking', 'st_serverlog')", [info.db.name]);
    expect(grants[0]!.ok).toBe(true);

    const status = await run(process.execPath, [cli, 'lab', 'status', '--dir', dir]);
    expect(status.stdout).toMatch(/node1 .*not installed/);

    await run(process.execPath, [cli, 'lab', 'down', '--dir', dir]);
    expect(existsSync(dir)).toBe(false);
    expect(await superQuery('SELECT 1 FROM pg_database WHERE datname = $1', [info.db.name])).toEqual([]);
    expect(await superQuery('SELECT 1 FROM pg_roles WHERE rolname = $1', [info.db.name])).toEqual([]);
    expect(await superQuery("SELECT spcname FROM pg_tablespace WHERE spcname LIKE 'st_%'")).toHaveLength(3);
  });

  it('refuses a usage error with exit code 2', async () => {
    const error = await run(process.execPath, [cli, 'lab', 'up', '--dir', path.join(parent, 'bad'), '--address-base', '10.0.0.10']).catch((e: { code: number; stderr: string }) => e);
    expect(error).toMatchObject({ code: 2 });
    expect((error as { stderr: string }).stderr).toMatch(/loopback/);
  });
});
