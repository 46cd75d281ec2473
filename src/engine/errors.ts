// Typed outcomes of a run; src/cli maps each to its exit code (STYLE.md rule 7).
import { AdapterError } from '../adapters/types.js';

export interface FailedCheck {
  id: string;
  node: string | null;
  detail: string;
  fix?: string;
}

export class PreflightFailedError extends Error {
  constructor(
    readonly step: string,
    readonly failures: FailedCheck[],
  ) {
    super(`Step ${step}: ${failures.length} precondition(s) failed; nothing was changed by this step.`);
    this.name = 'PreflightFailedError';
  }
}

export class StepFailedError extends Error {
  constructor(
    readonly step: string,
    message: string,
    readonly failures: FailedCheck[] = [],
  ) {
    super(message);
    this.name = 'StepFailedError';
  }
}

/** Bad usage or answers detected by the engine (e.g. manual registration without a terminal). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly fix?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export class InterruptedError extends Error {
  /** "node: summary" of each action a second interrupt cut while it ran: it may still run on its node. */
  constructor(readonly cut: readonly string[] = []) {
    super(cut.length ? `Interrupted at once; cut while running (may still run on the node): ${cut.join('; ')}.` : 'Interrupted.');
    this.name = 'InterruptedError';
  }
}

/**
 * A probe could not look (node unreachable, permission, I/O error, a command that failed
 * for another reason than "not there"): the state it asked about is unknown, never "absent".
 */
export class CouldNotLookError extends Error {
  constructor(
    readonly node: string,
    readonly what: string,
    readonly why: string,
  ) {
    super(`${node}: could not look at ${what}: ${why}`);
    this.name = 'CouldNotLookError';
  }
}

/** An error that means "could not look at the node" (a transport or file failure other than a dry-run refusal). */
export function isCouldNotLook(error: unknown): boolean {
  if (error instanceof CouldNotLookError) return true;
  // An Admin answer of an unexpected shape (src/st/admin-shapes.ts) is a fact not read.
  if ((error as { couldNotLook?: unknown } | null)?.couldNotLook === true) return true;
  return error instanceof AdapterError && error.reason !== 'dry-run-write';
}

/**
 * The run cannot go on safely between two actions (the cluster lock is lost, a
 * record could not be written): it stops before its next action, and resume continues.
 */
export class RunGuardError extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = 'RunGuardError';
  }
}

export class LockLostError extends RunGuardError {
  constructor(readonly reason: string) {
    super(
      `lost the cluster lock: ${reason}; run again with --resume`,
      'Nothing more was changed. Find out why the database session ended (restart, pg_terminate_backend, network), then run setup --resume --yes: it checks first that no job of this run still runs on a node.',
    );
    this.name = 'LockLostError';
  }
}

export class RecordWriteError extends RunGuardError {
  constructor(
    readonly record: 'journal' | 'audit log',
    readonly path: string,
    readonly reason: string,
  ) {
    super(
      `cannot write the ${record} ${path}: ${reason}; nothing more was changed`,
      `Free space or fix the permissions where ${path} lives (or choose another --state-dir), then run again with --resume.`,
    );
    this.name = 'RecordWriteError';
  }
}

/** An fs error as "ENOSPC: no space left on device" (the code first: it is what an operator searches for). */
export function describeWriteError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const message = e?.message ?? String(error);
  return e?.code && !message.startsWith(e.code) ? `${e.code}: ${message}` : message;
}
