// The step runner (DESIGN.md): for each step in order — already done? →
// preconditions → plan → apply → postconditions. Order lives only in the list
// it is given (src/steps/index.ts).
import { AdapterError } from '../adapters/types.js';
import { assertRisksKnown } from './accepted-risks.js';
import { runChecks } from './check-runner.js';
import { InterruptedError, PreflightFailedError, RunGuardError, StepFailedError, UsageError, type FailedCheck } from './errors.js';
import { outputOf } from './events.js';
import { mapBounded } from './parallel.js';
import { predicting, PredictedWorld } from './predicted.js';
import { RunTally, stepRanges } from './recap.js';
import type { Action, Fact, NodeRef, RunContext, Step } from './types.js';

export interface RunOptions {
  dryRun: boolean;
  acceptRisks: ReadonlyMap<string, string>;
  signal: AbortSignal;
  /** Run the first `until` steps of the list (e.g. 1 for preflight). */
  until?: number;
  /**
   * Called once, before the first step that is not read-only (a step that says so,
   * like setup's survey): where a real run takes the cluster's lock. Read-only steps
   * run without it so that a broken database is reported by their checks.
   */
  beforeFirstChange?: () => Promise<void>;
  /**
   * Called right before every action (not only the first): where a real run proves
   * it still holds the lock and can still write its records. Throwing stops the run.
   */
  beforeAction?: (action: Action) => Promise<void>;
  /** Aborted by a second interrupt: stop at once, recording running actions as cut (signal stops between actions). */
  cut?: AbortSignal;
  /** false: no plan summary at the end of a dry run (preflight walks step 1 only: it has no plan). */
  summary?: boolean;
  /** Check IDs the caller runs itself (outside the steps) that --accept-risk may name. */
  alsoKnownChecks?: readonly string[];
  /**
   * An allow-list (apply: the plan file): throws for actions it does not allow. Asked with a
   * step's whole plan before the step's first action, and again with each action before it runs.
   */
  guard?: (actions: readonly Action[]) => void;
}

export interface StepOutcome {
  step: string;
  status: 'done' | 'already-done' | 'skipped' | 'planned';
  reason?: string;
}

export function stepNodes(ctx: RunContext, step: Step): NodeRef[] {
  if (step.targets === 'first') return ctx.nodes.filter((n) => n.first);
  if (step.targets === 'others') return ctx.nodes.filter((n) => !n.first);
  return [...ctx.nodes];
}

export async function runSteps(ctx: RunContext, steps: readonly Step[], options: RunOptions): Promise<StepOutcome[]> {
  assertRisksKnown(ctx, steps, options.acceptRisks, options.alsoKnownChecks);
  const outcomes: StepOutcome[] = [];
  // In a dry run, once a step would act, later steps are judged on the world it is
  // expected to leave (predicted.ts): its postconditions and what else it leaves.
  // A real run reads the world only, also on a context an earlier dry run used (the wizard's).
  if (options.dryRun) ctx.predicted = new PredictedWorld();
  else delete ctx.predicted;
  let worldAhead = false;
  let changing = false;
  /** Dry run: the steps planned so far and the nodes their actions are on. */
  const planned: { number: number; nodes: Set<string> }[] = [];
  const tally = new RunTally(ctx.nodes.map((n) => n.name));
  // Fix texts name steps through the list being run (stepRef): numbers are positions in it.
  ctx.procedure = steps;
  try {
    for (const [index, step] of steps.entries()) {
      const number = index + 1;
      if (options.until !== undefined && number > options.until) {
        tally.stopsBefore(steps.map((_, i) => i + 1).filter((n) => n > options.until!));
        break;
      }
      throwIfAborted(options.signal);
      if (step.readOnly !== true && !options.dryRun && !changing) {
        await options.beforeFirstChange?.();
        changing = true;
      }
      outcomes.push(await runStep(ctx, { step, number }, options, { worldAhead, tally, planned }));
      const last = outcomes[outcomes.length - 1];
      if (last?.status === 'planned') worldAhead = true;
    }
  } finally {
    // The plan's sum (dry run) or the run's recap per node (real run), also after a failure.
    if (!options.dryRun) ctx.events.emit(tally.recap());
    else if (options.summary !== false) ctx.events.emit(tally.plan());
  }
  return outcomes;
}

async function runStep(ctx: RunContext, { step, number }: { step: Step; number: number }, options: RunOptions, { worldAhead, tally, planned }: { worldAhead: boolean; tally: RunTally; planned: { number: number; nodes: Set<string> }[] }): Promise<StepOutcome> {
  const emitStep = (status: 'started' | 'done' | 'already-done' | 'skipped' | 'failed' | 'planned', reason?: string, after?: number[]): void => {
    if (status !== 'started') tally.step(number, status, reason);
    ctx.events.emit({ type: 'step', step: step.id, number, title: step.title, seed: step.seed, status, ...(reason ? { reason } : {}), ...(after?.length ? { after } : {}) });
  };

  const skip = step.skipReason?.(ctx) ?? null;
  if (skip) {
    emitStep('skipped', skip);
    return { step: step.id, status: 'skipped', reason: skip };
  }
  emitStep('started');
  const targets = stepNodes(ctx, step);
  // In a dry run past a step that would act, "already done?" is judged on what the planned steps leave.
  ctx.predicted?.used.clear();
  const evidence = await pendingNodes(ctx, step, targets);
  const { pending } = evidence;
  // "after step N": the planned steps whose expected outcome decided this one, or that act on the nodes it acts on.
  const touching = planned.filter((p) => pending.some((n) => p.nodes.has(n.name))).map((p) => p.number);
  const after = [...new Set([...(ctx.predicted?.used ?? []), ...(pending.length > 0 ? touching : [])])].sort((a, b) => a - b);
  const afterText = after.length > 0 ? `after ${after.length === 1 ? 'step' : 'steps'} ${stepRanges(after)}: ` : '';
  tally.unchanged(targets.filter((n) => !pending.includes(n)).map((n) => n.name));
  if (pending.length === 0) {
    emitStep('already-done', `${afterText}postconditions ${after.length > 0 ? 'will already hold' : 'already hold'}`, after);
    return { step: step.id, status: 'already-done' };
  }

  if (!(options.dryRun && worldAhead)) await provePreconditions(ctx, { step, number }, pending, options, () => emitStep('failed', 'preconditions failed'), evidence.unknown);

  const plan = await step.plan(ctx, pending);
  if (!options.dryRun && options.guard) {
    try {
      options.guard(plan.flat());
    } catch (error) {
      emitStep('failed', (error as Error).message);
      throw error;
    }
  }
  for (const action of plan.flat()) {
    emitAction(ctx, action, 'planned');
    if (options.dryRun) tally.action(action.node, 'planned');
  }
  if (options.dryRun) {
    // A step that is all checks (step 1) is done for real in a dry run: its probes only read.
    if (plan.flat().length === 0 && !worldAhead) {
      emitStep('done');
      return { step: step.id, status: 'done' };
    }
    await expectOutcome(ctx, step, number, pending);
    planned.push({ number, nodes: new Set(plan.flat().map((a) => a.node)) });
    emitStep('planned', `${afterText}would run on ${pending.map((n) => n.name).join(', ')}${worldAhead ? '; its preconditions are checked when it runs' : ''}`, after);
    return { step: step.id, status: 'planned' };
  }

  for (const phase of plan) {
    await mapBounded(phase, ctx.parallel, async (action) => applyAction(ctx, action, options, tally));
  }

  const post = await runChecks(ctx, step.postconditions(ctx, targets), { step: step.id, acceptRisks: options.acceptRisks, report: true });
  if (post.failures.length > 0) {
    emitStep('failed', 'postconditions failed');
    throw new StepFailedError(step.id, `Step ${number} (${step.title}) did not reach its postconditions.`, post.failures);
  }
  emitStep('done');
  return { step: step.id, status: 'done' };
}

/** Dry run: what the planned step is expected to leave — its postconditions on the nodes it acts on, and its own `leaves`. */
async function expectOutcome(ctx: RunContext, step: Step, number: number, pending: NodeRef[]): Promise<void> {
  const world = ctx.predicted;
  if (!(world instanceof PredictedWorld)) return;
  const facts: Fact[] = [];
  for (const use of step.postconditions(ctx, pending)) {
    if (use.check.scope === 'cluster') facts.push({ check: use.check.id, holds: true });
    else for (const node of use.nodes ?? []) facts.push({ check: use.check.id, node: node.name, holds: true });
  }
  // Judged on the world before this step's own facts: a step's leaves read what it starts from.
  const leaves = (await step.leaves?.(ctx, pending)) ?? [];
  world.set(number, [...facts, ...leaves]);
}

/** Runs the preconditions; an operator (interactive run) may retry, accept a risk or abort. */
async function provePreconditions(ctx: RunContext, { step, number }: { step: Step; number: number }, pending: NodeRef[], options: RunOptions, onFail: () => void, unknownEvidence: readonly FailedCheck[]): Promise<void> {
  const accepted = new Map(options.acceptRisks);
  let unknown = unknownEvidence;
  for (;;) {
    throwIfAborted(options.signal);
    // "Already done?" that could not look leaves the node's state unknown: no step acts on it, and no risk acceptance covers it.
    for (const f of unknown) ctx.events.emit({ type: 'check', step: step.id, id: f.id, title: 'already done? (could not look)', node: f.node, status: 'fail', detail: f.detail, ...(f.fix ? { fix: f.fix } : {}) });
    const pre = await runChecks(ctx, step.preconditions(ctx, pending), { step: step.id, acceptRisks: accepted, report: true });
    const failures = [...unknown, ...pre.failures];
    if (failures.length === 0) return;
    const answer = ctx.operator && !options.dryRun ? await ctx.operator.onFailedChecks({ id: step.id, title: step.title, number }, failures) : { choice: 'abort' as const };
    if (answer.choice === 'retry') {
      unknown = (await pendingNodes(ctx, step, pending)).unknown;
      continue;
    }
    if (answer.choice === 'accept') {
      for (const id of answer.ids) accepted.set(id, answer.reason);
      continue;
    }
    onFail();
    throw new PreflightFailedError(step.id, failures);
  }
}

/** Nodes on which the step still has work (the quiet "already done?" probe), and the evidence that could not look. */
async function pendingNodes(ctx: RunContext, step: Step, targets: NodeRef[]): Promise<{ pending: NodeRef[]; unknown: FailedCheck[] }> {
  const found = step.done ? step.done(ctx, targets) : step.postconditions(ctx, targets);
  // A dry run looks in the world its planned steps are expected to leave first (no-op in a real run).
  const evidence = ctx.predicted ? found.map((use) => ({ ...use, check: predicting(use.check) })) : found;
  if (evidence.length === 0) return { pending: targets, unknown: [] };
  const { outcomes } = await runChecks(ctx, evidence, { step: step.id, report: false });
  const unknown = outcomes
    .filter((o) => o.result.status === 'fail' && o.result.unknown)
    .map((o) => ({ id: o.id, node: o.node, detail: o.result.detail, ...(o.result.fix ? { fix: o.result.fix } : {}) }));
  const failed = outcomes.filter((o) => o.result.status === 'fail' || o.result.status === 'skip');
  if (failed.some((o) => o.node === null)) return { pending: targets, unknown };
  const names = new Set(failed.map((o) => o.node));
  return { pending: targets.filter((n) => names.has(n.name)), unknown };
}

async function applyAction(ctx: RunContext, action: Action, options: RunOptions, tally: RunTally): Promise<void> {
  const { signal, cut } = options;
  throwIfAborted(signal);
  if (cut?.aborted) throw new InterruptedError();
  options.guard?.([action]);
  await options.beforeAction?.(action);
  emitAction(ctx, action, 'started');
  const started = ctx.clock.now();
  try {
    if ((await untilCut(action.apply(ctx, signal), cut)) === 'cut') {
      const error = `cut by a second interrupt while it ran on ${action.node}: it may still be running there`;
      ctx.events.emit({ ...actionFields(action), status: 'cut', error, durationMs: ctx.clock.now() - started });
      throw new InterruptedError([`${action.node}: ${action.summary} (${action.id})`]);
    }
  } catch (error) {
    tally.action(action.node, 'failed');
    if (error instanceof InterruptedError && error.cut.length > 0) throw error;
    const message = (error as Error).message;
    // A node lost under a running command: journaled as cut, so a resume judges it as one (it may have gone on there).
    const lost = error instanceof AdapterError && error.mayStillRun;
    ctx.events.emit({ ...actionFields(action), status: lost ? 'cut' : 'failed', error: message, ...outputOf(error), durationMs: ctx.clock.now() - started });
    if (error instanceof InterruptedError || signal.aborted) throw new InterruptedError();
    if (error instanceof UsageError || error instanceof RunGuardError) throw error;
    throw new StepFailedError(action.step, `${action.node}: ${action.summary} ${lost ? 'was cut' : 'failed'}: ${message}`, [
      { id: action.id, node: action.node, detail: message, ...fixOf(error) },
    ]);
  }
  tally.action(action.node, 'done');
  ctx.events.emit({ ...actionFields(action), status: 'done', durationMs: ctx.clock.now() - started });
}

function fixOf(error: unknown): { fix?: string } {
  const fix = (error as { fix?: unknown }).fix;
  return typeof fix === 'string' ? { fix } : {};
}

function actionFields(action: Action): { type: 'action'; step: string; id: string; node: string; kind: string; summary: string; detail: Record<string, unknown> } {
  return { type: 'action', step: action.step, id: action.id, node: action.node, kind: action.kind, summary: action.summary, detail: { ...action.detail } };
}

function emitAction(ctx: RunContext, action: Action, status: 'planned' | 'started'): void {
  ctx.events.emit({ ...actionFields(action), status });
}

/** Settles with the work, or with "cut" as soon as the cut signal fires (the work then goes on unobserved). */
function untilCut(work: Promise<void>, cut: AbortSignal | undefined): Promise<'done' | 'cut'> {
  if (!cut) return work.then(() => 'done' as const);
  return new Promise((resolve, reject) => {
    const onCut = (): void => {
      work.catch(() => undefined);
      resolve('cut');
    };
    // The cut may already have come while apply() ran its first synchronous part.
    if (cut.aborted) return onCut();
    cut.addEventListener('abort', onCut, { once: true });
    work.then(
      () => resolve('done'),
      (error: unknown) => reject(error as Error),
    ).finally(() => cut.removeEventListener('abort', onCut));
  });
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new InterruptedError();
}
