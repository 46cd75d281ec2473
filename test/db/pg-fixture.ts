// A role, a database and tablespaces shaped like ST's prerequisites, with
// unique names so test files sharing one PostgreSQL never collide.
import { execFileSync } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DbSettings } from '../../src/db/pg-db.js';

export interface PgFixture {
  settings: DbSettings;
  superuser: pg.Client;
  names: { role: string; db: string; data: string; tracking: string; foreign: string };
  drop(): Promise<void>;
}

const postgresUid = (): { uid: number; gid: number } => ({
  uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
  gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
});

export async function createPgFixture(pgUrl: string): Promise<PgFixture> {
  const url = new URL(pgUrl);
  const tag = randomBytes(4).toString('hex');
  const names = { role: `st_role_${tag}`, db: `st_db_${tag}`, data: `st_data_${tag}`, tracking: `st_ft_${tag}`, foreign: `st_other_${tag}` };
  const password = `Pw_${randomBytes(6).toString('hex')}`;
  const superuser = new pg.Client({ connectionString: pgUrl });
  await superuser.connect();
  const dirs: string[] = [];
  const { uid, gid } = postgresUid();
  await superuser.query(`create role ${names.role} login password '${password}'`);
  for (const ts of [names.data, names.tracking, names.foreign]) {
    // The server runs as "postgres" (we are root), so it must own the LOCATION.
    const dir = await mkdtemp(path.join(tmpdir(), `${ts}-`));
    await chown(dir, uid, gid);
    dirs.push(dir);
    await superuser.query(`create tablespace ${ts} location '${dir}'`);
  }
  await superuser.query(`grant create on tablespace ${names.data}, ${names.tracking} to ${names.role}`);
  await superuser.query(`create database ${names.db} owner ${names.role} tablespace ${names.data}`);
  const settings: DbSettings = { host: url.hostname, port: Number(url.port), name: names.db, user: names.role, password, ssl: false, connectTimeoutMs: 5000 };
  return {
    settings,
    superuser,
    names,
    async drop() {
      await superuser.query(`drop database if exists ${names.db} with (force)`);
      for (const ts of [names.data, names.tracking, names.foreign]) await superuser.query(`drop tablespace if exists ${ts}`);
      await superuser.query(`drop role if exists ${names.role}`);
      await superuser.end();
      await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    },
  };
}

/** A client connected as the fixture's role to its database (to create ST-like tables). */
export async function connectAs(settings: DbSettings): Promise<pg.Client> {
  const client = new pg.Client({ host: settings.host, port: settings.port, database: settings.name, user: settings.user, password: settings.password });
  await client.connect();
  return client;
}
