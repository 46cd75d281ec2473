// The bridge from a `setup` command to its session: answers and flags in, a
// session (locks held, header written, audit ready) out. Plans, preflights and
// dry runs write nothing on the jump host and never come here.
import { randomBytes } from 'node:crypto';
import type { LoadedAnswers } from '../answers/index.js';
import { acquireRunLock } from '../db/run-lock.js';
import { resolveStateDir, type PlanRef, type RunFlagsRecord } from './records.js';
import { openSession, type Session } from './session.js';

export interface SetupJournalFlags {
  resume?: boolean;
  forceAnswersChange?: boolean;
  stateDir?: string;
  auditLog?: string;
  parallel: number;
  until?: number;
  acceptRisk?: string[];
  reason?: string;
}

/** Sortable by time, unique enough for one cluster: 20260101T120000-a1b2c3. */
export const newRunId = (now = new Date()): string => `${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;

/** Opens the journal session of a run that changes the cluster: setup, add-node or remove-node. */
export async function openSetupJournal(loaded: LoadedAnswers, flags: SetupJournalFlags, runId = newRunId(), command = 'setup', plan?: PlanRef): Promise<Session> {
  const { answers } = loaded;
  const dbPassword = (await loaded.secrets.get('database.password')).reveal();
  const adminPassword = (await loaded.secrets.get('admin.password')).reveal();
  // The default "admin" of a fresh install is no secret (masking it would blank every "admin"); a given one is.
  const initialPassword = answers.admin.initialPassword === undefined ? [] : [(await loaded.secrets.get('admin.initialPassword')).reveal()];
  const dbSettings = { host: answers.database.host, port: answers.database.port, name: answers.database.name, user: answers.database.user, password: dbPassword, ssl: answers.database.ssl };
  const record: RunFlagsRecord = {
    resume: Boolean(flags.resume),
    forceAnswersChange: Boolean(flags.forceAnswersChange),
    parallel: flags.parallel,
    ...(flags.until !== undefined ? { until: flags.until } : {}),
    acceptRisk: flags.acceptRisk ?? [],
    ...(flags.reason ? { reason: flags.reason } : {}),
  };
  return openSession({
    command,
    cluster: answers.cluster.name,
    runId,
    stateDir: resolveStateDir(flags.stateDir, process.env, answers.cluster.stateDir),
    ...(flags.auditLog ? { auditLog: flags.auditLog } : {}),
    flags: record,
    fingerprint: loaded.fingerprint,
    answers,
    secrets: [dbPassword, adminPassword, ...initialPassword],
    dbLock: (holder) => acquireRunLock(dbSettings, answers.cluster.name, holder),
    ...(plan ? { plan } : {}),
  });
}
