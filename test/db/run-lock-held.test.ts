// The lock that is held or says it is not: assertHeld passes on a live lock
// session, and throws (with the cause) once the backend is terminated or the
// server restarts. The session is kept alive against the server's idle timeouts
// and with TCP keepalives, and names the run in pg_stat_activity.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { acquireRunLock, type RunLock, type RunLockResult } from '../../src/db/run-lock.js';
import type { DbSettings } from '../../src/db/pg-db.js';
import { DbError, type DbLockHolder } from '../../src/db/types.js';
import { pollUntil, systemClock } from '../../src/engine/poll.js';
import { startOwnPg, stopOwnPg } from '../../src/lab/pg-own.js';
import type { OwnPg } from '../../src/lab/types.js';
import { restartPg } from '../support/pg-restart.js';
import { connectAs, createPgFixture, type PgFixture } from './pg-fixture.js';

const run = promisify(execFile);
let fx: PgFixture;
beforeAll(async () => {
  fx = await createPgFixture(inject('pgUrl'));
});
afterAll(async () => fx?.drop());

const holder = (runId: string): DbLockHolder => ({ user: 'ops', host: 'jump-1', pid: process.pid, startedAt: '', runId });

function mustLock(result: RunLockResult): RunLock {
  if (!('release' in result)) throw new Error(`expected the lock, it is held by ${JSON.stringify(result.heldBy)}`);
  return result;
}

const lostError = (lock: RunLock): Promise<unknown> => lock.assertHeld().then(() => undefined, (e: unknown) => e);

describe('RunLock.assertHeld', () => {
  it('passes while held, names the run in pg_stat_activity, and keeps TCP keepalives on the session', async () => {
    const lock = mustLock(await acquireRunLock(fx.settings, 'c-held', holder('run-held')));
    try {
      await lock.assertHeld();
      await lock.assertHeld();
      expect(lock.lost).toBeUndefined();
      const { rows } = await fx.superuser.query<{ app: string; port: number }>('select application_name as app, client_port as port from pg_stat_activity where pid = $1', [lock.backendPid]);
      expect(rows[0]?.app).toBe('stc|' + `${process.pid}|run-held|ops@jump-1`);
      // The jump host's end of that very connection carries a keepalive timer.
      const { stdout } = await run('ss', ['-tnoH', 'state', 'established', `( sport = :${rows[0]!.port} )`]);
      expect(stdout).toMatch(/timer:\(keepalive,/);
    } finally {
      await lock.release();
    }
    expect(await lostError(lock)).toBeInstanceOf(DbError);
  });

  it('answers asks from many nodes at once with one query on its one session, without pg queueing them', async () => {
    const lock = mustLock(await acquireRunLock(fx.settings, 'c-many', holder('run-many')));
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const before = await fx.superuser.query<{ n: string }>('select xact_commit::text as n from pg_stat_database where datname = current_database()');
      await Promise.all(Array.from({ length: 12 }, () => lock.assertHeld()));
      await lock.assertHeld();
      // Twelve simultaneous asks coalesce: far fewer round trips than asks reached the server.
      const after = await fx.superuser.query<{ n: string }>('select xact_commit::text as n from pg_stat_database where datname = current_database()');
      expect(Number(after.rows[0]!.n) - Number(before.rows[0]!.n)).toBeLessThan(10);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => /already executing a query/.test(w))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await lock.release();
    }
  });

  it("survives the role's idle_session_timeout that ends an ordinary session of the same role", async () => {
    await fx.superuser.query(`alter role ${fx.names.role} set idle_session_timeout = '300ms'`);
    await fx.superuser.query(`alter role ${fx.names.role} set idle_in_transaction_session_timeout = '300ms'`);
    try {
      const lock = mustLock(await acquireRunLock(fx.settings, 'c-idle', holder('run-idle')));
      const plain = await connectAs(fx.settings);
      let plainEnded = false;
      plain.on('error', () => undefined);
      plain.on('end', () => (plainEnded = true));
      try {
        expect((await plain.query<{ t: string }>("select current_setting('idle_session_timeout') as t")).rows[0]?.t).toBe('300ms');
        // The server ends the idle ordinary session; the lock's session idled just as long.
        expect(await pollUntil(systemClock, () => Promise.resolve(plainEnded), 10_000)).toBe(true);
        const idleFor = await fx.superuser.query<{ idle: boolean }>("select state = 'idle' and now() - state_change > interval '300 ms' as idle from pg_stat_activity where pid = $1", [lock.backendPid]);
        expect(idleFor.rows[0]?.idle).toBe(true);
        await lock.assertHeld();
      } finally {
        await plain.end().catch(() => undefined);
        await lock.release();
      }
    } finally {
      await fx.superuser.query(`alter role ${fx.names.role} reset idle_session_timeout`);
      await fx.superuser.query(`alter role ${fx.names.role} reset idle_in_transaction_session_timeout`);
    }
  });

  it('throws lock-lost with the cause after pg_terminate_backend, records the loss, and a second run may take the lock', async () => {
    const lock = mustLock(await acquireRunLock(fx.settings, 'c-term', holder('run-term')));
    await fx.superuser.query('select pg_terminate_backend($1)', [lock.backendPid]);
    // Seen without a query: the client's 'error'/'end'.
    expect(await pollUntil(systemClock, () => Promise.resolve(lock.lost !== undefined), 10_000)).toBe(true);
    const error = await lostError(lock);
    expect(error).toBeInstanceOf(DbError);
    expect((error as DbError).reason).toBe('lock-lost');
    expect((error as Error).message).toMatch(/lock session/);
    const next = mustLock(await acquireRunLock(fx.settings, 'c-term', holder('run-next')));
    await next.assertHeld();
    await next.release();
    await lock.release();
  });
});

describe('RunLock.assertHeld across a server restart', () => {
  let own: OwnPg | undefined;
  let dir: string;
  let settings: DbSettings;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'st-lock-restart-'));
    const started = await startOwnPg(path.join(dir, 'pg'));
    own = started.pg;
    const url = new URL(started.superUrl);
    settings = { host: url.hostname, port: Number(url.port), name: 'postgres', user: 'postgres', password: decodeURIComponent(url.password), ssl: false, connectTimeoutMs: 5000 };
  }, 120_000);
  afterAll(async () => {
    if (own) await stopOwnPg(own);
    await rm(dir, { recursive: true, force: true });
  });

  it('throws lock-lost once the server restarted, although the server is up again', async () => {
    const lock = mustLock(await acquireRunLock(settings, 'c-restart', holder('run-restart')));
    await lock.assertHeld();
    await restartPg(own!);
    // The server answers again (a fresh session), but the lock's session died with the old one.
    const probe = new pg.Client({ host: settings.host, port: settings.port, database: settings.name, user: settings.user, password: settings.password });
    await probe.connect();
    await probe.end();
    const error = await lostError(lock);
    expect(error).toBeInstanceOf(DbError);
    expect((error as DbError).reason).toBe('lock-lost');
    await lock.release();
    // postmaster.pid names the new server: keep stopOwnPg pointed at it.
    own = { ...own!, pid: Number((await readFile(path.join(own!.dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]) };
  }, 120_000);
});
