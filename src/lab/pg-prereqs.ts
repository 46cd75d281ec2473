// The ST prerequisites made for real (docs/st-facts.md "Prerequisites"): three
// tablespaces, a LOGIN role with CREATE on them, a database it owns whose
// default tablespace is st_data. Tablespaces are server-wide and shared by
// every lab on the server; role and database are the lab's own.
import { chownSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

export const TABLESPACES = ['st_data', 'st_filetracking', 'st_serverlog'] as const;

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

// An arbitrary constant key for the lab's server-wide DDL lock.
const LAB_DDL_LOCK = 0x57c1ab;

async function withSuperuser<T>(superUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: superUrl });
  await client.connect();
  try {
    // Labs sharing one server grant and revoke on the same tablespaces; concurrent ACL
    // updates fail ("tuple concurrently updated"), so one lab at a time does this work.
    // The session lock goes away with the connection.
    await client.query('SELECT pg_advisory_lock($1)', [LAB_DDL_LOCK]);
    return await work(client);
  } finally {
    await client.end();
  }
}

async function tablespaceExists(client: pg.Client, name: string): Promise<boolean> {
  return (await client.query('SELECT 1 FROM pg_tablespace WHERE spcname = $1', [name])).rowCount === 1;
}

/** An empty directory owned by the OS user that runs the server (next to its data directory). */
async function tablespaceDir(client: pg.Client, name: string): Promise<string> {
  const { rows } = await client.query<{ setting: string }>("SELECT setting FROM pg_settings WHERE name = 'data_directory'");
  const dataDir = rows[0]?.setting;
  if (!dataDir || !existsSync(dataDir)) {
    throw new Error(`tablespace ${name} is missing and the server's data directory is not on this machine: create tablespaces ${TABLESPACES.join(', ')} on the server first`);
  }
  const owner = statSync(dataDir);
  const parent = path.join(path.dirname(dataDir), 'st-tablespaces');
  mkdirSync(parent, { recursive: true, mode: 0o755 });
  let dir = path.join(parent, name);
  for (let i = 2; existsSync(dir) && readdirSync(dir).length > 0; i++) dir = path.join(parent, `${name}-${i}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chownSync(dir, owner.uid, owner.gid);
  return dir;
}

async function ensureTablespace(client: pg.Client, name: string): Promise<void> {
  if (await tablespaceExists(client, name)) return;
  const dir = await tablespaceDir(client, name);
  try {
    await client.query(`CREATE TABLESPACE ${ident(name)} LOCATION ${client.escapeLiteral(dir)}`);
  } catch (error) {
    // Another lab on the same server may have created it a moment ago.
    if (!(await tablespaceExists(client, name))) throw error;
  }
}

export interface LabDb {
  name: string;
  user: string;
  password: string;
}

export async function createPrereqs(superUrl: string, db: LabDb): Promise<void> {
  await withSuperuser(superUrl, async (client) => {
    for (const ts of TABLESPACES) await ensureTablespace(client, ts);
    await dropLabDb(client, db);
    await client.query(`CREATE ROLE ${ident(db.user)} LOGIN PASSWORD ${client.escapeLiteral(db.password)}`);
    await client.query(`CREATE DATABASE ${ident(db.name)} OWNER ${ident(db.user)} TABLESPACE st_data`);
    await client.query(`GRANT CREATE ON TABLESPACE ${TABLESPACES.map(ident).join(', ')} TO ${ident(db.user)}`);
  });
}

async function dropLabDb(client: pg.Client, db: Pick<LabDb, 'name' | 'user'>): Promise<void> {
  await client.query(`DROP DATABASE IF EXISTS ${ident(db.name)} WITH (FORCE)`);
  const role = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [db.user]);
  if (role.rowCount !== 1) return;
  for (const ts of TABLESPACES) {
    if (await tablespaceExists(client, ts)) await client.query(`REVOKE ALL ON TABLESPACE ${ident(ts)} FROM ${ident(db.user)}`);
  }
  await client.query(`DROP ROLE ${ident(db.user)}`);
}

/** Drops the lab's database and role; the shared tablespaces stay. */
export async function dropPrereqs(superUrl: string, db: Pick<LabDb, 'name' | 'user'>): Promise<void> {
  await withSuperuser(superUrl, (client) => dropLabDb(client, db));
}
