// One real PostgreSQL for the whole test run (STACK.md): started once, its
// superuser URL handed to every test through vitest's provide/inject.
// The run also leaves the machine as it found it: every temporary file of every
// test (and of the CLIs and labs they start) lives under one TMPDIR of this run,
// removed at the end, and the ssh tests' account is removed if this run made it.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEphemeralPostgres } from '../../src/lab/ephemeral-pg.js';
import { TEST_USER, TEST_USER_HOME } from './sshd.js';

const accountExists = (name: string): boolean => {
  try {
    execFileSync('id', ['-u', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

function removeAccount(name: string): void {
  // A process of the account left by a test would keep userdel from working; none may outlive the run.
  try {
    execFileSync('pkill', ['-KILL', '-u', name], { stdio: 'ignore' });
  } catch {
    // pkill exits 1 when there is nothing to end: the usual case
  }
  execFileSync('userdel', [name], { stdio: 'ignore' });
  rmSync(TEST_USER_HOME, { recursive: true, force: true });
}

/** Undoes what the run did to the machine; returned to vitest as part of the teardown. */
function machineGuard(): () => void {
  const runTmp = mkdtempSync(path.join(tmpdir(), 'st-cluster-tests-'));
  // Like /tmp: the ssh tests' account and the labs' accounts create files here too.
  chmodSync(runTmp, 0o1777);
  process.env.TMPDIR = runTmp;
  const hadUser = accountExists(TEST_USER);
  return () => {
    try {
      if (!hadUser && process.getuid?.() === 0 && accountExists(TEST_USER)) removeAccount(TEST_USER);
    } finally {
      rmSync(runTmp, { recursive: true, force: true });
    }
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const restore = machineGuard();
  if (process.env.ST_TEST_PG_URL) {
    project.provide('pgUrl', process.env.ST_TEST_PG_URL);
    return () => Promise.resolve(restore());
  }
  const pg = await startEphemeralPostgres('st-cluster-pg-').catch((error: unknown) => {
    restore();
    throw new Error(`${(error as Error).message} (tests: or set ST_TEST_PG_URL)`, { cause: error });
  });
  project.provide('pgUrl', pg.url);
  return async () => {
    await pg.stop();
    restore();
  };
}
