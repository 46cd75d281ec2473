// One `setup` run's bookkeeping on the jump host, in the order that keeps it
// safe: lock file → database advisory lock → read the journal → resume policy
// → header → audit log. Everything taken is given back by close(), and by
// openSession itself when a later stage refuses.
import { createRequire } from 'node:module';
import { hostname, userInfo } from 'node:os';
import path from 'node:path';
import type { NodeAdapter } from '../adapters/types.js';
import { auditAdapter, AuditLog, type AuditEntry } from './audit-adapter.js';
import { LockHeldError, type LockHolder } from './errors.js';
import { readJournal } from './journal-reader.js';
import { JournalWriter } from './journal-writer.js';
import { acquireLockFile } from './lock-file.js';
import { runRedactor, type Redactor } from './redact.js';
import { canonicalJson, diffAnswersKeys, type Answers } from '../answers/index.js';
import { checkStateDir, clusterPaths, resolveStateDir, type ClusterPaths, type PlanRef, type RunFlagsRecord } from './records.js';
import { decideResume, type ResumeDecision } from './resume-policy.js';
import { DbError } from '../db/types.js';
import { LockLostError, type RecordWriteError } from '../engine/errors.js';

export type DbLockResult = { release(): Promise<void> | void; assertHeld(): Promise<void> } | { heldBy: LockHolder | null };

export interface SessionOptions {
  command: string;
  cluster: string;
  runId: string;
  stateDir?: string;
  auditLog?: string;
  flags: RunFlagsRecord;
  fingerprint: string;
  answers: Answers;
  /** Secret values known to this run: masked wherever they would be written. */
  secrets: readonly string[];
  /** The redactor every output of the run shares (default: the process's); the secrets are added to it. */
  redactor?: Redactor;
  /** The shared database's advisory lock for this cluster. */
  dbLock(holder: LockHolder): Promise<DbLockResult>;
  /** apply: the plan file being run, recorded in the header. */
  plan?: PlanRef;
}

export interface Session {
  paths: ClusterPaths;
  decision: ResumeDecision;
  journal: JournalWriter;
  /** Wraps a node adapter so its operations reach the audit log. */
  audit: (adapter: NodeAdapter) => NodeAdapter;
  /** Writes one record straight to the audit log (e.g. a host key trusted on first use). */
  recordAudit: (entry: AuditEntry) => void;
  /**
   * Makes sure the database lock is held. Called before the first step that may change
   * anything; a no-op when the lock was taken at open. Throws LockHeldError or DbError.
   */
  readonly lockDatabase: () => Promise<void>;
  /**
   * The runner's guard before every action: the journal and the audit log can still be
   * written, and the database lock (taken now if it is not yet) is still held.
   * Throws RecordWriteError or LockLostError; the run then stops before the action.
   */
  readonly beforeAction: () => Promise<void>;
  /** The first failed journal or audit write, if any: it outranks whatever failed after it. */
  recordError(): RecordWriteError | undefined;
  /** Closes the files and gives both locks back; returns warnings for the operator. */
  close(): Promise<string[]>;
}

const require = createRequire(import.meta.url);
export const toolVersion = (): string => (require('../../package.json') as { version: string }).version;

export function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    // A container may run under a uid with no passwd entry.
    return process.env.USER ?? process.env.LOGNAME ?? `uid ${process.getuid?.() ?? '?'}`;
  }
}

export async function openSession(options: SessionOptions): Promise<Session> {
  const stateDir = resolveStateDir(options.stateDir);
  checkStateDir(stateDir);
  const paths = clusterPaths(stateDir, options.cluster);
  const holder: LockHolder = { user: currentUser(), host: hostname(), pid: process.pid, startedAt: new Date().toISOString(), runId: options.runId };
  const local = acquireLockFile(paths.lock, holder);
  if ('heldBy' in local) throw new LockHeldError(options.cluster, local.heldBy, 'lock-file');
  const undo: (() => Promise<void> | void)[] = [() => local.release()];
  const unwind = async (): Promise<void> => {
    for (const step of undo.reverse()) await Promise.resolve(step()).catch(() => undefined);
  };
  let dbLock: Extract<DbLockResult, { assertHeld(): Promise<void> }> | undefined;
  const lockDatabase = async (): Promise<void> => {
    if (dbLock) return;
    const db = await options.dbLock(holder);
    if ('heldBy' in db) throw new LockHeldError(options.cluster, db.heldBy ?? {}, 'database');
    dbLock = db;
    undo.push(() => db.release());
  };
  const assertLocked = async (): Promise<void> => {
    if (!dbLock) return lockDatabase();
    try {
      await dbLock.assertHeld();
    } catch (error) {
      throw new LockLostError((error as Error).message);
    }
  };
  try {
    // Taken now so a second run is turned away at once. A database that does not answer
    // is not reported here but by step 1's db.* checks, which run (read-only) before
    // lockDatabase() is called again ahead of the first change.
    await lockDatabase().catch((error: unknown) => {
      if (!(error instanceof DbError)) throw error;
    });

    // Stored canonical (keys sorted, secrets as references) so a later resume can name the changed keys.
    const answers = JSON.parse(canonicalJson(options.answers)) as Answers;
    const { runs } = await readJournal(paths.journal);
    const decision = decideResume(runs, {
      resume: options.flags.resume,
      forceAnswersChange: options.flags.forceAnswersChange,
      fingerprint: options.fingerprint,
      answers,
      diffKeys: (before, after) => diffAnswersKeys(before as Answers, after as Answers),
    });

    const redactor = (options.redactor ?? runRedactor).add(...options.secrets);
    const journal = JournalWriter.open(
      paths.journal,
      {
        runId: options.runId,
        tool: 'st-cluster',
        version: toolVersion(),
        user: holder.user,
        host: holder.host,
        pid: holder.pid,
        command: options.command,
        flags: options.flags,
        cluster: options.cluster,
        fingerprint: options.fingerprint,
        answers,
        ...(decision.resumeOf ? { resumeOf: decision.resumeOf } : {}),
        ...(decision.inFlight.length > 0 ? { inFlight: decision.inFlight } : {}),
        ...(decision.answersChanged ? { answersChanged: decision.answersChanged } : {}),
        ...(options.plan ? { plan: options.plan } : {}),
      },
      redactor,
    );
    undo.push(() => journal.close());
    const extra = options.auditLog ? [path.resolve(options.auditLog)] : [];
    const auditLog = new AuditLog([paths.audit, ...extra.filter((p) => p !== paths.audit)], options.runId, redactor);
    undo.push(() => auditLog.close());

    const recordError = (): RecordWriteError | undefined => journal.error ?? auditLog.error;
    return {
      paths,
      decision,
      journal,
      audit: (adapter) => auditAdapter(adapter, auditLog),
      recordAudit: (entry) => auditLog.record(entry),
      lockDatabase,
      recordError,
      async beforeAction() {
        const failed = recordError();
        if (failed) throw failed;
        await assertLocked();
      },
      async close() {
        const warnings = [journal.error, auditLog.error].flatMap((e) => (e ? [`The ${e.record} ${e.path} could not be written completely: ${e.reason}`] : []));
        await unwind();
        return warnings;
      },
    };
  } catch (error) {
    await unwind();
    throw error;
  }
}
