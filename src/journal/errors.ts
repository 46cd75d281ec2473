// The one typed outcome the journal adds; src/cli maps it to exit 5 (DESIGN.md "Exit codes").
import type { DbLockHolder } from '../db/types.js';

export type LockHolder = DbLockHolder;

export function describeHolder(holder: Partial<LockHolder>): string {
  const user = holder.user ?? 'unknown user';
  const host = holder.host ?? 'unknown host';
  const pid = holder.pid !== undefined ? `pid ${holder.pid}` : 'unknown pid';
  const since = holder.startedAt ? `, running since ${holder.startedAt}` : '';
  const run = holder.runId ? `, run ${holder.runId}` : '';
  return `${user}@${host} (${pid}${since}${run})`;
}

export class LockHeldError extends Error {
  constructor(
    readonly cluster: string,
    readonly holder: Partial<LockHolder>,
    /** Which lock said no: the shared database's advisory lock or the jump host's lock file. */
    readonly where: 'database' | 'lock-file',
  ) {
    super(`Another st-cluster run is working on cluster ${cluster}: ${describeHolder(holder)}.`);
    this.name = 'LockHeldError';
  }

  get fix(): string {
    return this.where === 'database'
      ? 'Wait for that run to end, or stop it (it holds the lock only while it lives: nothing needs unlocking afterwards).'
      : 'Wait for that run to end, or stop that process; a dead holder frees the lock by itself.';
  }
}
