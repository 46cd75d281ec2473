// The failure of one action, with the operator's fix and the failed command's output.
import type { CommandOutput } from '../engine/events.js';

export class ActionError extends Error {
  constructor(
    message: string,
    readonly fix?: string,
    /** A failed command's output: the runner puts it on the failed action event (the journal keeps it). */
    readonly output?: CommandOutput,
  ) {
    super(message);
    this.name = 'ActionError';
  }
}
