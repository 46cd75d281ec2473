import { UsageError } from '../engine/errors.js';

/** apply: a premise of the plan no longer holds (exit 2, nothing changed); each difference is a line. */
export class PlanPremisesError extends UsageError {
  constructor(
    file: string,
    readonly differences: string[],
  ) {
    super(
      `The plan ${file} no longer fits the cluster: ${differences.length} premise${differences.length === 1 ? '' : 's'} differ${differences.length === 1 ? 's' : ''}; nothing was changed.`,
      'Make a new plan on the cluster as it is now (st-cluster plan --answers FILE --out PLAN.json), review it, and apply that one.',
    );
    this.name = 'PlanPremisesError';
  }
}
