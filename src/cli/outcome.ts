// Every way a run can end, mapped to its exit code and the words an operator
// needs next (DESIGN.md "Exit codes"). Only src/cli decides exit codes.
import { AdapterError } from '../adapters/types.js';
import { AnswersError } from '../answers/errors.js';
import { DbError } from '../db/types.js';
import { InterruptedError, PreflightFailedError, RunGuardError, StepFailedError, UsageError } from '../engine/errors.js';
import type { RunEvent } from '../engine/events.js';
import { LockHeldError } from '../journal/errors.js';
import { runRedactor, type Redactor } from '../journal/redact.js';
import { PlanPremisesError } from '../plan-file/errors.js';
import { PlanFileError } from '../plan-file/read.js';
import { ExitCode } from './exit-codes.js';

export type ResultEvent = Extract<RunEvent, { type: 'result' }>;

type Outcome = { result: ResultEvent; lines: string[] };

/** The outcome with its texts redacted: an error's message may quote a node or a connection string. */
export function outcomeOf(error: unknown, resumeHint: string, redactor: Redactor = runRedactor, canAcceptRisk = true): Outcome {
  const { result, lines } = classify(error, resumeHint, canAcceptRisk);
  return { result: redactor.value(result), lines: lines.map((line) => redactor.text(line)) };
}

/** canAcceptRisk: the command has --accept-risk, so its failures may suggest it. */
function classify(error: unknown, resumeHint: string, canAcceptRisk: boolean): Outcome {
  if (error instanceof AnswersError) {
    return { result: { type: 'result', status: 'error', exitCode: ExitCode.usage, message: 'The answers file is not valid; nothing was changed.' }, lines: error.format().split('\n') };
  }
  if (error instanceof LockHeldError) {
    return { result: { type: 'result', status: 'error', exitCode: ExitCode.lockHeld, message: error.message }, lines: [`fix: ${error.fix}`] };
  }
  if (error instanceof UsageError) {
    // A plan refused: each premise that differs, or each field that does not fit, on its own line.
    const detail = error instanceof PlanPremisesError ? error.differences : error instanceof PlanFileError ? error.issues : [];
    return { result: { type: 'result', status: 'error', exitCode: ExitCode.usage, message: error.message }, lines: [...detail.map((line) => `  ${line}`), ...(error.fix ? [`fix: ${error.fix}`] : [])] };
  }
  if (error instanceof PreflightFailedError) {
    const lines = error.failures.map((f) => `${f.id}${f.node ? ` on ${f.node}` : ''}: ${f.detail}${f.fix ? `\n    fix: ${f.fix}` : ''}`);
    lines.push(`After fixing, run the same command again${resumeHint}.${canAcceptRisk ? ' To go on despite one failure: --accept-risk ID --reason "…".' : ''}`);
    return { result: { type: 'result', status: 'preflight-failed', exitCode: ExitCode.preflightFailed, message: error.message }, lines };
  }
  if (error instanceof StepFailedError) {
    const lines = error.failures.map((f) => `${f.id}${f.node ? ` on ${f.node}` : ''}: ${f.detail}${f.fix ? `\n    fix: ${f.fix}` : ''}`);
    lines.push(`The finished steps are verified again and skipped when you run the same command again${resumeHint}.`);
    return { result: { type: 'result', status: 'step-failed', exitCode: ExitCode.stepFailed, message: error.message }, lines };
  }
  if (error instanceof RunGuardError) {
    // Lock lost or a record not written: the run stopped before its next action (exit 4, resumable).
    return { result: { type: 'result', status: 'step-failed', exitCode: ExitCode.stepFailed, message: error.message }, lines: [`fix: ${error.fix}`] };
  }
  if (error instanceof InterruptedError) {
    return { result: { type: 'result', status: 'interrupted', exitCode: ExitCode.interrupted, message: `${error.message} Run the same command again${resumeHint} to continue${error.cut.length ? ' once that has ended on the node' : ''}.` }, lines: [] };
  }
  if (error instanceof DbError || error instanceof AdapterError) {
    return { result: { type: 'result', status: 'preflight-failed', exitCode: ExitCode.preflightFailed, message: error.message }, lines: error.fix ? [`fix: ${error.fix}`] : [] };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { result: { type: 'result', status: 'error', exitCode: ExitCode.internal, message: `Internal error: ${message}` }, lines: error instanceof Error && error.stack ? [error.stack] : [] };
}

/** The result event of a failed command; its reporter says the message and then its explaining lines, both on stderr. */
export function reportFailure(error: unknown, resumeHint = '', redactor: Redactor = runRedactor, canAcceptRisk = true): ResultEvent {
  const { result, lines } = outcomeOf(error, resumeHint, redactor, canAcceptRisk);
  return lines.length > 0 ? { ...result, explanation: lines } : result;
}

/** Every other line the CLI writes to stderr (notes, warnings, a signal's words), redacted. */
export function writeStderr(line: string, redactor: Redactor = runRedactor): void {
  process.stderr.write(`${redactor.text(line)}\n`);
}
