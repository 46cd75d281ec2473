import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { acquireRunLock, decodeHolder, encodeHolder, lockKey, type RunLockResult } from '../../src/db/run-lock.js';
import type { DbLockHolder } from '../../src/db/types.js';
import { DbError } from '../../src/db/types.js';
import { pollUntil, systemClock } from '../../src/engine/poll.js';
import { buildLockChild } from './lock-child.js';
import { createPgFixture, type PgFixture } from './pg-fixture.js';

let fx: PgFixture;
let childScript: string;
beforeAll(async () => {
  [fx, childScript] = await Promise.all([createPgFixture(inject('pgUrl')), buildLockChild()]);
});
afterAll(async () => {
  await fx?.drop();
  if (childScript) await rm(path.dirname(childScript), { recursive: true, force: true });
});

const holder = (runId: string): DbLockHolder => ({ user: 'ops', host: 'jump-1', pid: process.pid, startedAt: '', runId });
const isLock = (r: RunLockResult): r is Extract<RunLockResult, { release(): Promise<void> }> => 'release' in r;
const heldBy = (r: RunLockResult): DbLockHolder | null => {
  if (isLock(r)) throw new Error('expected the lock to be held by someone else');
  return r.heldBy;
};

describe('holder encoding', () => {
  it('fits application_name and keeps pid and run id when the host is long', () => {
    const long = { user: 'operator', host: 'a-very-long-jump-host-name.with.a.long.domain.example.com', pid: 4242, startedAt: 'x', runId: '20250101T101010-abcdef' };
    const text = encodeHolder(long);
    expect(text.length).toBeLessThanOrEqual(63);
    const back = decodeHolder(text, '2025-01-01T00:00:00.000Z')!;
    expect(back).toMatchObject({ pid: 4242, runId: '20250101T101010-abcdef', user: 'operator', startedAt: '2025-01-01T00:00:00.000Z' });
    expect(long.host.startsWith(back.host)).toBe(true);
    expect(decodeHolder('psql', '')).toBeNull();
    expect(lockKey('prod')).toBe(lockKey('prod'));
    expect(lockKey('prod')).not.toBe(lockKey('dr'));
  });
});

describe('acquireRunLock', () => {
  it('lets one run in and shows the second who holds the lock', async () => {
    const first = await acquireRunLock(fx.settings, 'c-one', holder('run-a'));
    expect(isLock(first)).toBe(true);
    const second = await acquireRunLock(fx.settings, 'c-one', holder('run-b'));
    const who = heldBy(second)!;
    expect(who).toMatchObject({ user: 'ops', host: 'jump-1', pid: process.pid, runId: 'run-a' });
    expect(Date.parse(who.startedAt)).toBeGreaterThan(Date.now() - 60_000);
    // Another cluster on the same database is not blocked.
    const other = await acquireRunLock(fx.settings, 'c-two', holder('run-c'));
    expect(isLock(other)).toBe(true);
    if (isLock(first)) await first.release();
    if (isLock(other)) await other.release();
    const third = await acquireRunLock(fx.settings, 'c-one', holder('run-d'));
    expect(isLock(third)).toBe(true);
    if (isLock(third)) {
      await third.release();
      await third.release();
    }
  });

  it('is freed by the server the moment a SIGKILLed holder dies', async () => {
    const child: ChildProcess = spawn(process.execPath, [childScript], {
      env: { ...process.env, LOCK_CHILD_INPUT: JSON.stringify({ settings: fx.settings, cluster: 'c-kill', holder: holder('run-child') }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
        child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
      });
      expect(line).toBe('LOCKED');
      expect(heldBy(await acquireRunLock(fx.settings, 'c-kill', holder('run-parent')))).toMatchObject({ pid: child.pid, runId: 'run-child' });
    } finally {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await gone;
    }
    let lock: RunLockResult | undefined;
    const freed = await pollUntil(
      systemClock,
      async () => {
        lock = await acquireRunLock(fx.settings, 'c-kill', holder('run-after'));
        return isLock(lock);
      },
      5000,
    );
    expect(freed).toBe(true);
    if (lock && isLock(lock)) await lock.release();
  });

  it('throws DbError when the database cannot be reached, without the password', async () => {
    const error = await acquireRunLock({ ...fx.settings, password: 'Not-The-Password-9' }, 'c-err', holder('x')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DbError);
    expect((error as DbError).reason).toBe('auth');
    expect((error as DbError).message).not.toContain('Not-The-Password-9');
  });
});
