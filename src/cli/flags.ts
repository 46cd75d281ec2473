// Every command's flags, as commander hands them over, and their parsing into
// run options: one module that both the command definitions and the runners
// import, so that neither imports the other.
import { UsageError } from '../engine/errors.js';

export interface RunFlags {
  answers?: string;
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
  parallel: string;
  acceptRisk?: string[];
  reason?: string;
  until?: string;
  acceptNewHostKeys?: boolean;
  resume?: boolean;
  forceAnswersChange?: boolean;
  stateDir?: string;
  auditLog?: string;
  junit?: string;
  /** plan / setup --dry-run: write the plan file here. */
  out?: string;
}

/** What add-node and remove-node share: one node of the answers, changed or planned. */
interface NodeCommandFlags {
  answers: string;
  node: string;
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
  parallel: string;
  acceptNewHostKeys?: boolean;
  stateDir?: string;
}

export interface AddNodeCommandFlags extends NodeCommandFlags {
  acceptRisk?: string[];
  reason?: string;
}

export interface RemoveNodeCommandFlags extends NodeCommandFlags {
  force?: boolean;
}

export interface ApplyCommandFlags {
  answers: string;
  yes?: boolean;
  json?: boolean;
  parallel: string;
  acceptNewHostKeys?: boolean;
  resume?: boolean;
  stateDir?: string;
  auditLog?: string;
  junit?: string;
}

export interface StatusCommandFlags {
  answers: string;
  json?: boolean;
  watch?: boolean;
  interval: string;
  minNodes?: string;
  parallel: string;
  acceptNewHostKeys?: boolean;
}

export type CommandName = 'setup' | 'plan' | 'preflight';
export type DayTwoCommand = 'add-node' | 'remove-node';
export type DayTwoFlags = AddNodeCommandFlags & RemoveNodeCommandFlags;

function parallelOf(value: string): number {
  const parallel = Number(value);
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 256) throw new UsageError(`--parallel ${value}: give a whole number from 1 to 256`);
  return parallel;
}

function acceptedRisks(flags: { acceptRisk?: string[]; reason?: string }): Map<string, string> {
  const risks = flags.acceptRisk ?? [];
  if (risks.length > 0 && !flags.reason?.trim()) throw new UsageError('--accept-risk needs --reason "why" (it is recorded)');
  return new Map(risks.map((id) => [id, flags.reason!.trim()]));
}

/** stepCount: the length of the list the command runs (--until is a place in it). */
export function parseFlags(command: CommandName, flags: RunFlags, stepCount: number): { parallel: number; until?: number; acceptRisks: Map<string, string> } {
  const parallel = parallelOf(flags.parallel);
  const until = flags.until === undefined ? undefined : Number(flags.until);
  if (until !== undefined && (!Number.isInteger(until) || until < 1 || until > stepCount)) throw new UsageError(`--until ${flags.until}: give a step number from 1 to ${stepCount}`);
  const acceptRisks = acceptedRisks(flags);
  if (command === 'setup' && !flags.yes && !flags.dryRun) {
    throw new UsageError('setup changes the nodes: pass --yes to run unattended, or --dry-run to see the plan first.');
  }
  return { parallel, ...(until !== undefined ? { until } : {}), acceptRisks };
}

export function parseDayTwoFlags(command: DayTwoCommand, flags: DayTwoFlags): { parallel: number; acceptRisks: Map<string, string> } {
  const parallel = parallelOf(flags.parallel);
  const acceptRisks = acceptedRisks(flags);
  if (!flags.yes && !flags.dryRun) throw new UsageError(`${command} changes the nodes: pass --yes to run it, or --dry-run to see the plan first.`);
  return { parallel, acceptRisks };
}
