// Typed outcomes of a run; src/cli maps each to its exit code (STYLE.md rule 7).

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
