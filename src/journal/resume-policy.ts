// What a new `setup` may do given the cluster's journal (DESIGN.md "Journal,
// resume, lock"). The engine re-verifies every step on every run, so resume
// is safe by construction; this policy makes sure an operator never starts
// over a cut run by accident, nor continues it with different answers.
import { UsageError } from '../engine/errors.js';
import { acted, inFlight, stoppedIn, type RunSummary } from './journal-reader.js';

export interface ResumeRequest {
  resume: boolean;
  forceAnswersChange: boolean;
  fingerprint: string;
  /** Canonical answers of this run (secrets as references). */
  answers: unknown;
  /** Dot paths of the keys that differ between two answers objects. */
  diffKeys(before: unknown, after: unknown): string[];
}

export interface ResumeDecision {
  /** The unfinished run this one continues, if any. */
  resumeOf?: string;
  inFlight: string[];
  /** The in-flight actions with what the journal says of them (node, step, kind, summary). */
  interrupted?: { id: string; step: string; node: string; kind: string; summary: string }[];
  answersChanged?: string[];
  /** Lines for the operator (stderr), e.g. which actions are judged again. */
  notes: string[];
}

/**
 * The open setup run: newest first, the first run that acted, unless a run that ended
 * ok comes before it. Runs that changed nothing (a failed preflight, a refused
 * start) neither open nor close anything.
 */
export function openRun(runs: readonly RunSummary[]): RunSummary | undefined {
  for (const run of [...runs].reverse()) {
    // add-node and remove-node journal here too, but resume speaks of setup runs (apply is
    // setup walking a plan): a cut day-two run is simply run again (its steps re-verify what is done).
    if (run.header && run.header.command !== 'setup' && run.header.command !== 'apply') continue;
    if (run.result?.status === 'ok') return undefined;
    if (acted(run)) return run;
  }
  return undefined;
}

const who = (run: RunSummary): string => (run.header ? `${run.header.user}@${run.header.host}` : 'unknown');

export function describeRun(run: RunSummary): string {
  const step = stoppedIn(run);
  const where = step ? `in step ${step.number} (${step.title})` : 'between steps';
  const how = run.result ? `ended ${run.result.status}` : 'was cut off';
  return `run ${run.runId} (started ${run.startedAt} by ${who(run)}) ${how} ${where}`;
}

export function decideResume(runs: readonly RunSummary[], request: ResumeRequest): ResumeDecision {
  const open = openRun(runs);
  if (request.forceAnswersChange && !request.resume) {
    throw new UsageError('--force-answers-change goes with --resume only.', 'Add --resume, or drop --force-answers-change.');
  }
  if (!request.resume) {
    if (open) {
      throw new UsageError(
        `The last run did not finish: ${describeRun(open)}. A new run must first judge what that one left behind.`,
        'Run the same command with --resume: finished steps are verified again before they are skipped, and actions that were cut are judged by their step\'s postconditions, never blindly re-run.',
      );
    }
    return { inFlight: [], notes: [] };
  }
  const base = open ?? [...runs].reverse().find((r) => r.header);
  const notes: string[] = [];
  if (!base) notes.push('Nothing to resume: no earlier run of this cluster is recorded. Starting from step 1.');
  else if (!open) notes.push(`Nothing to resume: the last run (${base.runId}) finished. Every step is verified again.`);
  const cut = open ? inFlight(open) : [];
  if (cut.length > 0) notes.push(`Cut while running, judged by their step's evidence before anything is re-run: ${cut.join(', ')}.`);
  let answersChanged: string[] | undefined;
  if (base?.header && base.header.fingerprint !== request.fingerprint) {
    const keys = request.diffKeys(base.header.answers, request.answers);
    const listed = keys.length > 0 ? keys.join(', ') : '(no key differs in the recorded answers; the answers fingerprint does)';
    if (!request.forceAnswersChange) {
      throw new UsageError(
        `The answers changed since run ${base.runId} began (${base.startedAt}); changed keys: ${listed}.`,
        'Restore the answers file as it was, or pass --force-answers-change to go on with the new answers (recorded in the journal).',
      );
    }
    answersChanged = keys;
    notes.push(`Going on with changed answers (--force-answers-change, recorded): ${listed}.`);
  }
  const interrupted = cut.flatMap((id) => (open?.startedInfo?.[id] ? [{ id, ...open.startedInfo[id] }] : []));
  return { ...(open ? { resumeOf: open.runId } : {}), inFlight: cut, ...(interrupted.length > 0 ? { interrupted } : {}), ...(answersChanged ? { answersChanged } : {}), notes };
}
