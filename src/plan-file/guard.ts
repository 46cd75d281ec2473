// Apply runs exactly the plan (README "Plan files"): every action the run would take is
// looked up in the plan's allow-list, keyed by step, node and the action's identity —
// its kind, summary and detail (argv, env, paths, modes, checksums) without the notes of
// transient files. An action the plan lacks, or one more of it than the plan has, stops the
// run before any action of its step. Identities hold no secret: they are built from what
// the event stream shows, through the same redactor.
import { canonicalJson } from '../answers/fingerprint.js';
import { RunGuardError } from '../engine/errors.js';
import type { Action } from '../engine/types.js';
import { runRedactor, type Redactor } from '../journal/redact.js';
import type { PlanFile } from './format.js';

interface Shown {
  kind: string;
  summary: string;
  detail: object;
}

/** The stable identity of an action: what it does, not its place in the plan (its id). */
export function actionIdentity(action: Shown): string {
  const { transient, ...detail } = action.detail as Record<string, unknown> & { transient?: { path: string; mode: number }[] };
  const files = transient?.map((t) => ({ path: t.path, mode: t.mode }));
  return canonicalJson({ kind: action.kind, summary: action.summary, detail: { ...detail, ...(files ? { transient: files } : {}) } });
}

const keyOf = (step: string, node: string, identity: string): string => `${step}\u0000${node}\u0000${identity}`;

/** How an action is named to the operator: its summary and the command or path it would touch. */
function describe(action: Action): string {
  const { argv, path, url, method } = action.detail;
  const what = argv ? argv.join(' ') : path ? path : url ? `${method ?? ''} ${url}`.trim() : '';
  return `${action.node}: ${action.summary}${what ? ` (${action.kind} ${what})` : ` (${action.kind})`}`;
}

export class NotInPlanError extends RunGuardError {
  constructor(
    readonly step: string,
    readonly actions: string[],
    planFile: string,
  ) {
    super(
      `step ${step} would run ${actions.length === 1 ? 'an action' : `${actions.length} actions`} the plan ${planFile} does not hold: ${actions.join('; ')}; nothing of this step was changed`,
      'The cluster is no longer as the plan saw it. Make a new plan (st-cluster plan --answers FILE --out PLAN.json), review it, and apply that one.',
    );
    this.name = 'NotInPlanError';
  }
}

/** The allow-list of a plan: throws NotInPlanError for any action (or extra repetition) the plan lacks. */
export function planGuard(plan: PlanFile, planFile: string, redactor: Redactor = runRedactor): (actions: readonly Action[]) => void {
  const allowed = new Map<string, number>();
  for (const step of plan.steps) {
    for (const action of step.actions) {
      const key = keyOf(step.id, action.node, actionIdentity(action));
      allowed.set(key, (allowed.get(key) ?? 0) + 1);
    }
  }
  return (actions) => {
    const wanted = new Map<string, Action[]>();
    for (const action of actions) {
      const shown = redactor.value({ kind: action.kind, summary: action.summary, detail: { ...action.detail } });
      const key = keyOf(action.step, action.node, actionIdentity(shown));
      wanted.set(key, [...(wanted.get(key) ?? []), action]);
    }
    const missing = [...wanted].flatMap(([key, list]) => list.slice(allowed.get(key) ?? 0));
    if (missing.length > 0) throw new NotInPlanError(missing[0]!.step, missing.map(describe), planFile);
  };
}
