// The jump host's lock file and the session that takes both locks: a live
// holder is named, a dead one (even SIGKILLed) frees the lock at once.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Answers } from '../../src/answers/index.js';
import { DbError } from '../../src/db/types.js';
import { LockLostError, RecordWriteError, UsageError } from '../../src/engine/errors.js';
import { LockHeldError, type LockHolder } from '../../src/journal/errors.js';
import { readJournal } from '../../src/journal/journal-reader.js';
import { acquireLockFile, processStartTicks } from '../../src/journal/lock-file.js';
import { openSession, type DbLockResult, type SessionOptions } from '../../src/journal/session.js';

const tmp = (): Promise<string> => mkdtemp(path.join(tmpdir(), 'st-lock-'));
const holder = (pid = process.pid): LockHolder => ({ user: 'op', host: hostname(), pid, startedAt: '2026-01-01T00:00:00Z', runId: `run-${pid}` });

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await new Promise((r) => child.once('spawn', r));
  const pid = child.pid!;
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  return pid;
}

describe('acquireLockFile', () => {
  it('takes a free lock, names the live holder to a second taker, and frees it on release', async () => {
    const file = path.join(await tmp(), 'c1', 'run.lock');
    const first = acquireLockFile(file, holder());
    expect('release' in first).toBe(true);
    const second = acquireLockFile(file, { ...holder(), runId: 'other' });
    expect(second).toEqual({ heldBy: holder() });
    if ('release' in first) first.release();
    expect(existsSync(file)).toBe(false);
    expect('release' in acquireLockFile(file, holder())).toBe(true);
  });

  it('takes over at once from a holder killed with SIGKILL', async () => {
    const file = path.join(await tmp(), 'run.lock');
    const pid = await deadPid();
    await writeFile(file, JSON.stringify({ ...holder(pid), startTicks: 1 }));
    const taken = acquireLockFile(file, holder());
    expect('release' in taken).toBe(true);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ pid: process.pid });
  });

  it('does not trust a pid that now belongs to another process (start time differs)', async () => {
    const file = path.join(await tmp(), 'run.lock');
    const ticks = processStartTicks(process.pid);
    expect(ticks).toBeGreaterThan(0);
    await writeFile(file, JSON.stringify({ ...holder(process.pid), runId: 'old', startTicks: ticks! - 1 }));
    expect('release' in acquireLockFile(file, holder())).toBe(true);
  });

  it('release leaves a lock that is no longer its own', async () => {
    const file = path.join(await tmp(), 'run.lock');
    const mine = acquireLockFile(file, holder());
    await writeFile(file, JSON.stringify({ ...holder(), runId: 'someone-else', startTicks: processStartTicks(process.pid) }));
    if ('release' in mine) mine.release();
    expect(existsSync(file)).toBe(true);
  });
});

describe('openSession', () => {
  const answers = { cluster: { name: 'c1' } } as unknown as Answers;
  const options = (stateDir: string, dbLock: SessionOptions['dbLock'], extra: Partial<SessionOptions> = {}): SessionOptions => ({
    command: 'setup',
    cluster: 'c1',
    runId: 'r1',
    stateDir,
    flags: { resume: false, forceAnswersChange: false, parallel: 16, acceptRisk: [] },
    fingerprint: 'f1',
    answers,
    secrets: ['Canary-Secret-1'],
    dbLock,
    ...extra,
  });
  const freeDb = (log: string[]) => (): Promise<DbLockResult> => Promise.resolve({ release: () => void log.push('db released'), assertHeld: () => Promise.resolve() });

  it('takes both locks, writes the header, and gives both back on close', async () => {
    const dir = await tmp();
    const log: string[] = [];
    const session = await openSession(options(dir, freeDb(log)));
    expect(existsSync(session.paths.lock)).toBe(true);
    expect(await session.close()).toEqual([]);
    expect(log).toEqual(['db released']);
    expect(existsSync(session.paths.lock)).toBe(false);
    const { runs } = await readJournal(session.paths.journal);
    expect(runs[0]?.header).toMatchObject({ runId: 'r1', cluster: 'c1', fingerprint: 'f1', command: 'setup', pid: process.pid });
  });

  it('refuses with LockHeldError naming the holder when the database lock is held, and frees the lock file', async () => {
    const dir = await tmp();
    const other = { ...holder(4242), host: 'jump2' };
    const error = await openSession(options(dir, () => Promise.resolve({ heldBy: other }))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockHeldError);
    expect((error as LockHeldError).where).toBe('database');
    expect((error as Error).message).toContain('op@jump2 (pid 4242, running since 2026-01-01T00:00:00Z, run run-4242)');
    expect(existsSync(path.join(dir, 'c1', 'run.lock'))).toBe(false);
  });

  it('refuses with LockHeldError from the lock file before asking the database', async () => {
    const dir = await tmp();
    const first = await openSession(options(dir, freeDb([])));
    let asked = false;
    const error = await openSession(options(dir, () => ((asked = true), Promise.resolve({ release: () => undefined, assertHeld: () => Promise.resolve() })), { runId: 'r2' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockHeldError);
    expect((error as LockHeldError).where).toBe('lock-file');
    expect(asked).toBe(false);
    await first.close();
  });

  it('gives both locks back when the resume policy refuses', async () => {
    const dir = await tmp();
    const first = await openSession(options(dir, freeDb([])));
    first.journal.emit({ type: 'action', step: 's', id: 's/n1/1', node: 'n1', kind: 'exec', summary: 'x', status: 'started' });
    await first.close();
    const log: string[] = [];
    const error = await openSession(options(dir, freeDb(log), { runId: 'r2' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(log).toEqual(['db released']);
    expect(existsSync(path.join(dir, 'c1', 'run.lock'))).toBe(false);
  });

  it('beforeAction passes while the lock is held, and throws LockLostError with the cause once it is not', async () => {
    const dir = await tmp();
    let held = true;
    const asked: string[] = [];
    const lock = (): Promise<DbLockResult> =>
      Promise.resolve({
        release: () => undefined,
        assertHeld: () => (asked.push('assert'), held ? Promise.resolve() : Promise.reject(new Error('the lock session ended'))),
      });
    const session = await openSession(options(dir, lock));
    await session.beforeAction();
    expect(asked).toEqual(['assert']);
    held = false;
    const error = await session.beforeAction().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockLostError);
    expect((error as Error).message).toBe('lost the cluster lock: the lock session ended; run again with --resume');
    await session.close();
  });

  it('beforeAction takes the database lock when the database did not answer at open', async () => {
    const dir = await tmp();
    let calls = 0;
    const lock = (): Promise<DbLockResult> => {
      calls += 1;
      if (calls === 1) return Promise.reject(new DbError('unreachable', 'db down', 'start it'));
      return Promise.resolve({ release: () => undefined, assertHeld: () => Promise.resolve() });
    };
    const session = await openSession(options(dir, lock));
    expect(calls).toBe(1);
    await session.beforeAction();
    expect(calls).toBe(2);
    await session.close();
  });

  it('beforeAction fails with RecordWriteError naming the journal once a journal write failed, and an action start then throws', async () => {
    const dir = await tmp();
    const session = await openSession(options(dir, freeDb([])));
    // The next write fails as on a full disk (the real one: test/e2e/state-dir-faults.test.ts).
    (session.journal as unknown as { file: { append(r: object): void } }).file.append = () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    session.journal.emit({ type: 'step', step: 's', number: 2, title: 't', status: 'started' });
    const error = await session.beforeAction().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordWriteError);
    expect((error as Error).message).toBe(`cannot write the journal ${session.paths.journal}: ENOSPC: no space left on device, write; nothing more was changed`);
    expect(() => session.journal.emit({ type: 'action', step: 's', id: 's/n1/1', node: 'n1', kind: 'exec', summary: 'x', status: 'started' })).toThrow(RecordWriteError);
    expect(session.recordError()).toBe(error);
    expect((await session.close()).join('\n')).toContain('ENOSPC');
  });

  it.each([
    ['empty', '', /--state-dir is empty/],
    ['a file', 'FILE', /is not a directory/],
    ['under a file', 'FILE/sub', /cannot be used: ENOTDIR/],
  ])('a --state-dir that is %s is a UsageError with a fix, before any lock is taken', async (_what, given, message) => {
    const dir = await tmp();
    await writeFile(path.join(dir, 'FILE'), 'x');
    let asked = false;
    const stateDir = given === '' ? '' : path.join(dir, given);
    const error = await openSession(options(stateDir, () => ((asked = true), freeDb([])()))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as UsageError).fix).toContain('--state-dir');
    expect(asked).toBe(false);
  });
});
