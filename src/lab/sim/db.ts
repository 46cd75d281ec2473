// The simulated ST schema in the shared DB (docs/lab-contract.md "Installer").
// Table names are unquoted so they fold to lower case, as ST's own do.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { Home } from './node-context.js';

export interface DbConfig {
  host: string;
  port: number;
  name: string;
  user: string;
  password: string;
}

export const DEFAULT_OPTIONS: Record<string, string[]> = {
  'Cluster.enable.SSL': ['true'],
  'EventQueue.DispatchPolicy.name': ['cacheBasedPolicy'],
};

export const taehFingerprint = (taeh: Uint8Array): string => createHash('sha256').update(taeh).digest('hex');

export function poolFor(db: DbConfig, max = 2): pg.Pool {
  return new pg.Pool({
    host: db.host,
    port: db.port,
    database: db.name,
    user: db.user,
    password: db.password,
    max,
    // Many labs share one server in the tests: hand idle connections back quickly.
    idleTimeoutMillis: 1000,
    connectionTimeoutMillis: 10_000,
  });
}

export function loadDbConfig(home: Home): DbConfig {
  return JSON.parse(readFileSync(home.dbFile, 'utf8')) as DbConfig;
}

export async function withClient<T>(db: DbConfig, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ host: db.host, port: db.port, database: db.name, user: db.user, password: db.password });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

type Queryable = Pick<pg.Client, 'query'>;

export async function schemaExists(q: Queryable): Promise<boolean> {
  const { rows } = await q.query<{ present: boolean }>("SELECT to_regclass('clusternode') IS NOT NULL AS present");
  return rows[0]?.present === true;
}

export async function createSchema(client: pg.Client, fingerprint: string): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('CREATE TABLE clusternode (serveraddress text PRIMARY KEY, added_at timestamptz NOT NULL DEFAULT now())');
    await client.query('CREATE TABLE st_lab_meta (key text PRIMARY KEY, value text NOT NULL)');
    await client.query('CREATE TABLE st_lab_options (name text PRIMARY KEY, "values" jsonb NOT NULL)');
    await client.query("INSERT INTO st_lab_meta (key, value) VALUES ('taeh.sha256', $1), ('version', $2)", [fingerprint, '5.5.0']);
    // Administrators live in the shared DB: a password set on one node holds on every node.
    await client.query('CREATE TABLE st_lab_admin (username text PRIMARY KEY, salt text NOT NULL, sha256 text NOT NULL)');
    await setAdminPassword(client, DEFAULT_ADMIN.user, DEFAULT_ADMIN.password);
    for (const [name, values] of Object.entries(DEFAULT_OPTIONS)) {
      await client.query('INSERT INTO st_lab_options (name, "values") VALUES ($1, $2)', [name, JSON.stringify(values)]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** A fresh install's administrator (ST-FACTS.md "Admin after a fresh install": admin/admin). */
export const DEFAULT_ADMIN = { user: 'admin', password: 'admin' };

const passwordHash = (salt: string, password: string): string => createHash('sha256').update(`${salt}:${password}`).digest('hex');

export async function setAdminPassword(q: Queryable, user: string, password: string): Promise<void> {
  const salt = randomBytes(12).toString('hex');
  await q.query(
    'INSERT INTO st_lab_admin (username, salt, sha256) VALUES ($1, $2, $3) ON CONFLICT (username) DO UPDATE SET salt = EXCLUDED.salt, sha256 = EXCLUDED.sha256',
    [user, salt, passwordHash(salt, password)],
  );
}

/** Whether user/password log in; compared in constant time. */
export async function adminPasswordMatches(q: Queryable, user: string, password: string): Promise<boolean> {
  const { rows } = await q.query<{ salt: string; sha256: string }>('SELECT salt, sha256 FROM st_lab_admin WHERE username = $1', [user]);
  const row = rows[0];
  if (!row) return false;
  const given = Buffer.from(passwordHash(row.salt, password), 'hex');
  const stored = Buffer.from(row.sha256, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

export async function schemaFingerprint(q: Queryable): Promise<string | null> {
  const { rows } = await q.query<{ value: string }>("SELECT value FROM st_lab_meta WHERE key = 'taeh.sha256'");
  return rows[0]?.value ?? null;
}

export async function clusterNodes(q: Queryable): Promise<string[]> {
  const { rows } = await q.query<{ serveraddress: string }>('SELECT serveraddress FROM clusternode ORDER BY added_at, serveraddress');
  return rows.map((r) => r.serveraddress);
}

/** False when the address is already registered. */
export async function addClusterNode(q: Queryable, address: string): Promise<boolean> {
  const result = await q.query('INSERT INTO clusternode (serveraddress) VALUES ($1) ON CONFLICT DO NOTHING', [address]);
  return result.rowCount === 1;
}

export async function removeClusterNode(q: Queryable, address: string): Promise<boolean> {
  const result = await q.query('DELETE FROM clusternode WHERE serveraddress = $1', [address]);
  return result.rowCount === 1;
}

export async function listOptions(q: Queryable): Promise<{ name: string; values: string[] }[]> {
  const { rows } = await q.query<{ name: string; values: string[] }>('SELECT name, "values" FROM st_lab_options ORDER BY name');
  return rows;
}

export async function setOption(q: Queryable, name: string, values: string[]): Promise<void> {
  await q.query(
    'INSERT INTO st_lab_options (name, "values") VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET "values" = EXCLUDED."values"',
    [name, JSON.stringify(values)],
  );
}
