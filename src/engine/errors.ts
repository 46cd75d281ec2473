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
  constructor() {
    super('Interrupted.');
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
  return error instanceof AdapterError && error.reason !== 'dry-run-write';
}
