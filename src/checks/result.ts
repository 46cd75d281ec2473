import type { CheckResult } from '../engine/types.js';

export const pass = (detail: string): CheckResult => ({ status: 'pass', detail });
export const fail = (detail: string, fix: string): CheckResult => ({ status: 'fail', detail, fix });
export const warn = (detail: string, fix: string): CheckResult => ({ status: 'warn', detail, fix });
export const skip = (detail: string): CheckResult => ({ status: 'skip', detail });

/** Computes a value once per run (e.g. DB facts several checks judge). */
export function memo<T>(store: Map<string, unknown>, key: string, make: () => Promise<T>): Promise<T> {
  const hit = store.get(key) as Promise<T> | undefined;
  if (hit) return hit;
  const made = make();
  store.set(key, made);
  // A failed probe is not remembered: a retry must probe again.
  made.catch(() => store.delete(key));
  return made;
}

export const short = (sha: string | null | undefined): string => (sha ? sha.slice(0, 12) : 'none');
