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

export interface RunLock {
  release(): Promise<void>;
}

export type RunLockResult = RunLock | { heldBy: DbLockHolder | null };

const PREFIX = 'stc|';
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
  const unsigned = BigInt.asUintN(64, key);
  const hi = (unsigned >> 32n).toString();
  const lo = (unsigned & 0xffffffffn).toString();
  const { rows } = await client.query<{ app: string | null; started: Date | null }>(HOLDER_SQL, [hi, lo]);
  const row = rows[0];
  if (!row) return null;
  return decodeHolder(row.app ?? '', row.started ? row.started.toISOString() : '') ?? { user: '', host: '', pid: 0, runId: '', startedAt: row.started?.toISOString() ?? '' };
}

/**
 * Takes the run lock for `clusterName`, or tells who holds it. Throws DbError when
 * the database cannot be reached. `heldBy` is null when the holder is not an
 * st-cluster session or left between our two looks.
 */
export async function acquireRunLock(dbSettings: DbSettings, clusterName: string, holder: DbLockHolder): Promise<RunLockResult> {
  const key = lockKey(clusterName);
  const client = new pg.Client({ ...clientConfig(dbSettings, encodeHolder(holder)), keepAlive: true });
  // A dropped lock connection must not crash the run; the lock is gone with it.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw toDbError(error, targetOf(dbSettings), 'Cannot take the run lock on');
  }
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1::bigint) as ok', [key.toString()]);
      if (rows[0]?.ok) {
        let released = false;
        return {
          async release() {
            if (released) return;
            released = true;
            await client.query('select pg_advisory_unlock($1::bigint)', [key.toString()]).catch(() => undefined);
            await client.end().catch(() => undefined);
          },
        };
      }
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
