// The run lock on the shared DB (DESIGN.md "Journal, resume, lock"): a session
// advisory lock keyed by the cluster name, held by a dedicated connection. The
// server frees it the moment that connection dies, so a killed run never leaves
// a stale lock. The holder's identity travels in the session's application_name,
// which a second run reads through pg_locks ⋈ pg_stat_activity: nothing is
// written to any table, least of all SecureTransport's.
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { DbLockHolder } from './types.js';
import { clientConfig, targetOf } from './pg-db.js';
import type { DbSettings } from './pg-db.js';
import { toDbError } from './pg-errors.js';
import { DbError } from './types.js';

export interface RunLock {
  release(): Promise<void>;
  /**
   * Proves, in one round trip on the lock's own session, that the session lives and
   * still holds the advisory lock. Throws DbError('lock-lost') with the cause otherwise.
   */
  assertHeld(): Promise<void>;
  /** Why the lock session is known to be gone ('error'/'end' seen), else undefined. */
  readonly lost: string | undefined;
  /** The server process of the lock session (what pg_terminate_backend would take). */
  readonly backendPid: number;
}

export type RunLockResult = RunLock | { heldBy: DbLockHolder | null };

const PREFIX = 'stc|';
// A session that idles between actions must not be closed by the server's idle timeouts.
const KEEP_ALIVE_OPTIONS = '-c idle_session_timeout=0 -c idle_in_transaction_session_timeout=0';
// Before PostgreSQL 14 idle_session_timeout does not exist (and so cannot end the session).
const PRE_14_OPTIONS = '-c idle_in_transaction_session_timeout=0';
const KEEP_ALIVE_DELAY_MS = 10_000;
const ASSERT_TIMEOUT_MS = 5_000;
const UNDEFINED_OBJECT = '42704';
// PostgreSQL keeps NAMEDATALEN-1 bytes of application_name and only printable ASCII.
const MAX_APP_NAME = 63;

/** A stable signed 64-bit key for the cluster name (same on every jump host). */
export function lockKey(clusterName: string): bigint {
  return createHash('sha256').update(`st-cluster:run:${clusterName}`).digest().readBigInt64BE(0);
}

const ascii = (text: string): string => text.replace(/[^\x20-\x7e]/g, '?').replace(/\|/g, '/');

/** `stc|pid|runId|user@host`, most telling first, so truncation only shortens the host. */
export function encodeHolder(holder: DbLockHolder): string {
  return `${PREFIX}${holder.pid}|${ascii(holder.runId)}|${ascii(holder.user)}@${ascii(holder.host)}`.slice(0, MAX_APP_NAME);
}

export function decodeHolder(applicationName: string, startedAt: string): DbLockHolder | null {
  if (!applicationName.startsWith(PREFIX)) return null;
  const [pid, runId, who] = applicationName.slice(PREFIX.length).split('|');
  const at = who?.lastIndexOf('@') ?? -1;
  return {
    pid: Number(pid),
    runId: runId ?? '',
    user: who && at >= 0 ? who.slice(0, at) : (who ?? ''),
    host: who && at >= 0 ? who.slice(at + 1) : '',
    startedAt,
  };
}

const HOLDER_SQL = `
select a.application_name::text as app, a.backend_start as started
  from pg_locks l join pg_stat_activity a on a.pid = l.pid
 where l.locktype = 'advisory' and l.granted and l.objsubid = 1
   and l.database = (select oid from pg_database where datname = current_database())
   and l.classid = $1::bigint::oid and l.objid = $2::bigint::oid
 limit 1`;

async function findHolder(client: pg.Client, key: bigint): Promise<DbLockHolder | null> {
  const { rows } = await client.query<{ app: string | null; started: Date | null }>(HOLDER_SQL, keyParts(key));
  const row = rows[0];
  if (!row) return null;
  return decodeHolder(row.app ?? '', row.started ? row.started.toISOString() : '') ?? { user: '', host: '', pid: 0, runId: '', startedAt: row.started?.toISOString() ?? '' };
}

const HELD_SQL = `
select count(*)::int as n from pg_locks
 where pid = pg_backend_pid() and locktype = 'advisory' and granted and objsubid = 1
   and classid = $1::bigint::oid and objid = $2::bigint::oid`;

const keyParts = (key: bigint): [string, string] => {
  const unsigned = BigInt.asUintN(64, key);
  return [(unsigned >> 32n).toString(), (unsigned & 0xffffffffn).toString()];
};

async function connectLockClient(dbSettings: DbSettings, holder: DbLockHolder): Promise<pg.Client> {
  for (const options of [KEEP_ALIVE_OPTIONS, PRE_14_OPTIONS]) {
    const client = new pg.Client({ ...clientConfig(dbSettings, encodeHolder(holder)), keepAlive: true, keepAliveInitialDelayMillis: KEEP_ALIVE_DELAY_MS, options });
    // Until the lock is taken a dropped connection is only a failed connect; afterwards lockOn() records it.
    client.on('error', () => undefined);
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      if ((error as { code?: string }).code !== UNDEFINED_OBJECT || options === PRE_14_OPTIONS) throw toDbError(error, targetOf(dbSettings), 'Cannot take the run lock on');
    }
  }
  throw new Error('unreachable');
}

function lockOn(client: pg.Client, key: bigint): RunLock {
  let released = false;
  let lost: string | undefined;
  const lose = (reason: string): void => {
    lost ??= reason;
  };
  client.on('error', (error: Error) => lose(`the lock session failed: ${error.message}`));
  client.on('end', () => lose('the lock session ended (database restarted, backend terminated or connection dropped)'));
  const lostError = (reason: string): DbError => new DbError('lock-lost', reason, 'Run again with --resume once the database answers.');
  // Actions on several nodes ask at the same moment: they share one round trip, because
  // one pg.Client runs one query at a time (a second one is queued and deprecated in pg 8).
  let inFlight: Promise<void> | undefined;
  const check = async (): Promise<void> => {
    let held: number;
    try {
      const { rows } = await client.query<{ n: number }>({ text: HELD_SQL, values: keyParts(key), query_timeout: ASSERT_TIMEOUT_MS } as pg.QueryConfig);
      held = rows[0]?.n ?? 0;
    } catch (error) {
      lose(lost ?? `the lock session did not answer: ${(error as Error).message}`);
      // A session that does not answer may still hold the lock: end it so the server lets go.
      await client.end().catch(() => undefined);
      throw lostError(lost!);
    }
    if (held === 0) {
      lose('the lock session no longer holds the advisory lock');
      throw lostError(lost!);
    }
  };
  return {
    get lost() {
      return lost;
    },
    backendPid: (client as unknown as { processID: number }).processID,
    async assertHeld() {
      if (released) throw lostError('the lock was released');
      if (lost) throw lostError(lost);
      inFlight ??= check().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    async release() {
      if (released) return;
      released = true;
      await inFlight?.catch(() => undefined);
      if (!lost) await client.query('select pg_advisory_unlock($1::bigint)', [key.toString()]).catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}

/**
 * Takes the run lock for `clusterName`, or tells who holds it. Throws DbError when
 * the database cannot be reached. `heldBy` is null when the holder is not an
 * st-cluster session or left between our two looks.
 */
export async function acquireRunLock(dbSettings: DbSettings, clusterName: string, holder: DbLockHolder): Promise<RunLockResult> {
  const key = lockKey(clusterName);
  const client = await connectLockClient(dbSettings, holder);
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1::bigint) as ok', [key.toString()]);
      if (rows[0]?.ok) return lockOn(client, key);
      const heldBy = await findHolder(client, key);
      // The holder may have ended between the two queries: try once more before reporting.
      if (heldBy || attempt === 1) {
        await client.end().catch(() => undefined);
        return { heldBy };
      }
    }
    await client.end().catch(() => undefined);
    return { heldBy: null };
  } catch (error) {
    await client.end().catch(() => undefined);
    throw toDbError(error, targetOf(dbSettings), 'Cannot take the run lock on');
  }
}
