// The jump host's lock on a cluster's journal. The shared database's advisory
// lock is the real guard across jump hosts; this file keeps two runs on one
// jump host from writing one journal. A holder that died (even by SIGKILL)
// frees it: its pid is gone, or belongs to another process by now.
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { ensurePrivateDir } from './jsonl-file.js';
import type { LockHolder } from './errors.js';

interface FileHolder extends LockHolder {
  /** Start time of the holder in clock ticks since boot (/proc/<pid>/stat): a reused pid has another. */
  startTicks: number | null;
}

export type LockFileResult = { release(): void } | { heldBy: LockHolder };

/** Start time (ticks since boot) and liveness of a process, read from /proc; null when it is gone or a zombie. */
export function processStartTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return null;
    return Number(fields[19]);
  } catch {
    return null;
  }
}

function isAlive(holder: FileHolder): boolean {
  // Another jump host's process cannot be seen from here; the database lock judges that one.
  if (holder.host !== hostname()) return false;
  const ticks = processStartTicks(holder.pid);
  if (ticks !== null) return holder.startTicks === null || ticks === holder.startTicks;
  if (processStartTicks(process.pid) !== null) return false;
  // No /proc (not Linux): kill(pid, 0) is the only evidence left.
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseHolder(text: string | undefined): FileHolder | undefined {
  try {
    return text === undefined ? undefined : (JSON.parse(text) as FileHolder);
  } catch {
    return undefined;
  }
}

export function acquireLockFile(file: string, holder: LockHolder): LockFileResult {
  ensurePrivateDir(path.dirname(file));
  const mine: FileHolder = { ...holder, startTicks: processStartTicks(process.pid) };
  const text = JSON.stringify(mine);
  // Written whole under a private name, then linked: the lock appears with its content or not at all.
  const temp = `${file}.${process.pid}.${Date.now()}`;
  writeFileSync(temp, text, { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        linkSync(temp, file);
        return { release: () => releaseIfMine(file, text) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const before = safeRead(file);
      const current = parseHolder(before);
      if (current && isAlive(current)) return { heldBy: strip(current) };
      // Stale or unreadable: removed only while it still holds what was judged,
      // so a lock another run took over meanwhile is not thrown away.
      if (before !== undefined && safeRead(file) === before) {
        try {
          unlinkSync(file);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
      }
    }
    const last = parseHolder(safeRead(file));
    return { heldBy: last ? strip(last) : { user: 'unknown', host: 'unknown', pid: 0, startedAt: '', runId: '' } };
  } finally {
    unlinkSync(temp);
  }
}

function releaseIfMine(file: string, text: string): void {
  if (safeRead(file) === text) {
    try {
      unlinkSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

function safeRead(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

const strip = ({ user, host, pid, startedAt, runId }: FileHolder): LockHolder => ({ user, host, pid, startedAt, runId });
