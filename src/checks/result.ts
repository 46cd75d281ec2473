import type { CheckResult } from '../engine/types.js';

export const pass = (detail: string): CheckResult => ({ status: 'pass', detail });
export const fail = (detail: string, fix: string): CheckResult => ({ status: 'fail', detail, fix });
export const warn = (detail: string, fix: string): CheckResult => ({ status: 'warn', detail, fix });
export const skip = (detail: string): CheckResult => ({ status: 'skip', detail });

export const short = (sha: string | null | undefined): string => (sha ? sha.slice(0, 12) : 'none');

/** What a probe saw: the thing, its absence, or nothing at all (it could not look). */
export type Probe<T> = { state: 'present'; value: T } | { state: 'absent' } | { state: 'unknown'; cause: string };

const COULD_NOT_LOOK_FIX = "Make the node reachable and its files readable by the adapter's account (see the cause), then run again.";

/** The rule for every check: a probe that could not look fails, with its cause — never a pass. */
export const couldNotLook = (cause: string, fix = COULD_NOT_LOOK_FIX): CheckResult => ({
  status: 'fail',
  unknown: true,
  detail: `could not look: ${cause}`,
  fix,
});

/** An error's message without the "node: " prefix adapters put in front. */
export function causeOf(error: unknown, node?: string): string {
  const text = error instanceof Error ? error.message : String(error);
  return node && text.startsWith(`${node}: `) ? text.slice(node.length + 2) : text;
}
