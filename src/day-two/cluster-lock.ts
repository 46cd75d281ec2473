// add-node and remove-node take the same two locks as setup (DESIGN.md "Journal,
// resume, lock"): the jump host's lock file, then the shared database's advisory
// lock keyed by the cluster name. They do not write the setup journal: its resume
// policy speaks of setup runs. They read it, though, and refuse to change a
// cluster whose last setup run did not finish.
import { hostname } from 'node:os';
import type { LoadedAnswers } from '../answers/index.js';
import { acquireRunLock } from '../db/run-lock.js';
import { UsageError } from '../engine/errors.js';
import { LockHeldError, type LockHolder } from '../journal/errors.js';
import { readJournal } from '../journal/journal-reader.js';
import { acquireLockFile } from '../journal/lock-file.js';
import { clusterPaths, resolveStateDir } from '../journal/records.js';
import { describeRun, openRun } from '../journal/resume-policy.js';
import { currentUser } from '../journal/session.js';

export interface ClusterLock {
  /** Where the lock file and the journal live. */
  readonly dir: string;
  release(): Promise<void>;
}

export async function lockCluster(loaded: LoadedAnswers, runId: string, stateDir?: string): Promise<ClusterLock> {
  const { answers } = loaded;
  const cluster = answers.cluster.name;
  const paths = clusterPaths(resolveStateDir(stateDir), cluster);
  const holder: LockHolder = { user: currentUser(), host: hostname(), pid: process.pid, startedAt: new Date().toISOString(), runId };
  const local = acquireLockFile(paths.lock, holder);
  if ('heldBy' in local) throw new LockHeldError(cluster, local.heldBy, 'lock-file');
  let releaseDb: (() => Promise<void>) | undefined;
  try {
    const { host, port, name, user, ssl } = answers.database;
    const password = (await loaded.secrets.get('database.password')).reveal();
    const db = await acquireRunLock({ host, port, name, user, password, ssl }, cluster, holder);
    if ('heldBy' in db) throw new LockHeldError(cluster, db.heldBy ?? {}, 'database');
    releaseDb = () => db.release();
    const open = openRun((await readJournal(paths.journal)).runs);
    if (open) {
      throw new UsageError(`The cluster's last setup run did not finish: ${describeRun(open)}.`, 'Finish it first with st-cluster setup --resume, then run this command again.');
    }
    const release = releaseDb;
    return {
      dir: paths.dir,
      async release() {
        await release();
        local.release();
      },
    };
  } catch (error) {
    await releaseDb?.().catch(() => undefined);
    local.release();
    throw error;
  }
}
