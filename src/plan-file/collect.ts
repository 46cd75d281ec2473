// Builds a plan file from a dry run's own event stream: the steps' final statuses with
// their reasons, each planned action, each check. What the screen shows is what is kept,
// after the event bus's redactor; a document that would still hold a secret is refused.
import { canonicalJson } from '../answers/fingerprint.js';
import type { EventSink, RunEvent } from '../engine/events.js';
import { REDACTED, runRedactor, type Redactor } from '../journal/redact.js';
import { PLAN_FORMAT, plannedActionSchema, type PlanCheck, type PlanFile, type PlannedAction, type PlanStep, type Premises } from './format.js';

export class PlanCollector implements EventSink {
  readonly steps: PlanStep[] = [];
  readonly checks: PlanCheck[] = [];
  private readonly actions = new Map<string, PlannedAction[]>();

  emit(event: RunEvent): void {
    if (event.type === 'action' && event.status === 'planned') {
      const action = plannedActionSchema.parse({ id: event.id, node: event.node, kind: event.kind, summary: event.summary, detail: event.detail ?? {} });
      this.actions.set(event.step, [...(this.actions.get(event.step) ?? []), action]);
    }
    if (event.type === 'step' && event.status !== 'started' && event.status !== 'failed') {
      this.steps.push({ number: event.number, id: event.step, title: event.title, status: event.status, ...(event.reason ? { reason: event.reason } : {}), actions: this.actions.get(event.step) ?? [] });
    }
    if (event.type === 'check') {
      const { step, id, node, status, detail, fix, acceptedRisk } = event;
      this.checks.push({ step, id, node, status, detail, ...(fix ? { fix } : {}), ...(acceptedRisk ? { acceptedRisk } : {}) });
    }
  }
}

export interface PlanMeta {
  cluster: string;
  createdAt: Date;
  user: string;
  host: string;
  until?: number;
  acceptedRisks: ReadonlyMap<string, string>;
}

/** Thrown when a plan would hold a secret: the plan is not written. */
export class PlanSecretError extends Error {
  constructor(where: string) {
    super(`the plan would hold a secret (${where}); it was not written`);
    this.name = 'PlanSecretError';
  }
}

export function buildPlanFile(collector: PlanCollector, premises: Premises, meta: PlanMeta, redactor: Redactor = runRedactor): PlanFile {
  const plan: PlanFile = {
    format: PLAN_FORMAT,
    createdAt: meta.createdAt.toISOString(),
    createdBy: { user: meta.user, host: meta.host },
    cluster: meta.cluster,
    options: { ...(meta.until !== undefined ? { until: meta.until } : {}), acceptedRisks: [...meta.acceptedRisks].map(([id, reason]) => ({ id, reason })) },
    premises,
    steps: collector.steps,
    checks: collector.checks,
  };
  // Actions passed the bus's redactor: a masked value there was a secret in an argv or a path.
  for (const step of plan.steps) for (const action of step.actions) if (canonicalJson(action).includes(REDACTED)) throw new PlanSecretError(`action ${action.id}`);
  if (canonicalJson(redactor.value(plan)) !== canonicalJson(plan)) throw new PlanSecretError('premises or answers');
  return plan;
}
