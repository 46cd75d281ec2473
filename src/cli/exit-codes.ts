// DESIGN.md "Exit codes": decided here and only here (STYLE.md rule 7).
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  preflightFailed: 3,
  stepFailed: 4,
  lockHeld: 5,
  degraded: 6,
  broken: 7,
  /** status: a fact behind the verdict could not be read. */
  unknown: 8,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
