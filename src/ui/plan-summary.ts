// The one-screen summary shown before the wizard asks to go ahead: every step,
// the nodes it would touch, what is skipped and why, read from a dry run's events.
import chalk from 'chalk';
import type { RunEvent } from '../engine/events.js';
import { stepRanges } from '../engine/recap.js';

type StepEvent = Extract<RunEvent, { type: 'step' }>;
type CheckEvent = Extract<RunEvent, { type: 'check' }>;

interface StepLine {
  number: number;
  title: string;
  status: StepEvent['status'];
  reason?: string;
  /** "step 2" / "steps 2, 4": the planned steps whose expected outcome decided this one. */
  after?: string;
  nodes: Set<string>;
  actions: number;
  failed: CheckEvent[];
}

export function summarizePlan(events: readonly RunEvent[]): StepLine[] {
  const steps = new Map<string, StepLine>();
  for (const event of events) {
    if (event.type === 'step') {
      const known = steps.get(event.step) ?? { number: event.number, title: event.title, status: event.status, nodes: new Set<string>(), actions: 0, failed: [] };
      known.status = event.status;
      if (event.reason !== undefined) known.reason = event.reason;
      if (event.after?.length) known.after = `${event.after.length === 1 ? 'step' : 'steps'} ${stepRanges(event.after)}`;
      steps.set(event.step, known);
    } else if (event.type === 'action' && event.status === 'planned') {
      const step = steps.get(event.step);
      step?.nodes.add(event.node);
      if (step) step.actions += 1;
    } else if (event.type === 'check' && event.status === 'fail') {
      steps.get(event.step)?.failed.push(event);
    }
  }
  return [...steps.values()].sort((a, b) => a.number - b.number);
}

function describe(step: StepLine): string {
  switch (step.status) {
    case 'skipped':
      return chalk.dim(`skipped: ${step.reason ?? ''}`);
    case 'done':
      return 'checks pass';
    case 'already-done':
      return chalk.cyan(`already done — nothing to change${step.after ? ` (${step.reason ?? ''})` : ''}`);
    case 'failed':
      return chalk.red(`${step.failed.length} check(s) fail now — you will be asked what to do`);
    case 'planned':
      if (step.actions === 0) return 'checks only';
      return `${step.after ? `after ${step.after}: ` : ''}${step.actions} action(s) on ${[...step.nodes].join(', ')}`;
    default:
      return step.status;
  }
}

/** Lines of the plan summary; `total` steps exist, those the dry run did not reach are listed as later. */
export function renderPlanSummary(events: readonly RunEvent[], nodes: readonly { name: string; address: string }[], total: number): string[] {
  const lines: string[] = [];
  lines.push(chalk.bold('The plan'));
  lines.push(`  nodes: ${nodes.map((n, i) => `${n.name} (${n.address})${i === 0 ? ' — first node' : ''}`).join(', ')}`);
  const steps = summarizePlan(events);
  const width = Math.max(0, ...steps.map((s) => s.title.length)) + 2;
  for (const step of steps) {
    lines.push(`  ${String(step.number).padStart(2)}. ${step.title.padEnd(width)}${describe(step)}`);
    for (const f of step.failed) lines.push(chalk.red(`        ✖ ${f.id}${f.node ? ` on ${f.node}` : ''}: ${f.detail}`));
  }
  const plan = events.find((e): e is Extract<RunEvent, { type: 'plan' }> => e.type === 'plan');
  if (plan) lines.push(chalk.bold(`  In all: ${plan.summary}`));
  const reached = steps.at(-1)?.number ?? 0;
  if (reached < total && steps.at(-1)?.status === 'failed') {
    lines.push(chalk.dim(`  Steps ${reached + 1}–${total} are planned once step ${reached} passes.`));
  }
  return lines;
}
