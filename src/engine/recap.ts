// What a run adds up to (issue 15 item 1): a dry run ends with one summary line of its
// plan ("31 actions on 3 nodes; step 6 already done; steps 5–8 skipped: auto-register"),
// a real run with a recap per node (actions done / steps unchanged / actions failed).
// The runner keeps the tally; the line is data on the event, so --json carries it too.
import type { RunEvent, StepStatus } from './events.js';

export type PlanEvent = Extract<RunEvent, { type: 'plan' }>;
export type RecapEvent = Extract<RunEvent, { type: 'recap' }>;

interface NodeTally {
  done: number;
  unchanged: number;
  failed: number;
  planned: number;
}

export class RunTally {
  private readonly nodes = new Map<string, NodeTally>();
  private readonly steps: { number: number; status: StepStatus; reason?: string }[] = [];
  private notRun: number[] = [];

  constructor(nodeNames: readonly string[]) {
    for (const name of nodeNames) this.nodes.set(name, { done: 0, unchanged: 0, failed: 0, planned: 0 });
  }

  private of(node: string): NodeTally {
    let tally = this.nodes.get(node);
    if (!tally) this.nodes.set(node, (tally = { done: 0, unchanged: 0, failed: 0, planned: 0 }));
    return tally;
  }

  action(node: string, outcome: 'planned' | 'done' | 'failed'): void {
    this.of(node)[outcome] += 1;
  }

  /** A step that had nothing to do on these nodes (its evidence held there). */
  unchanged(nodes: readonly string[]): void {
    for (const node of nodes) this.of(node).unchanged += 1;
  }

  step(number: number, status: StepStatus, reason?: string): void {
    this.steps.push({ number, status, ...(reason ? { reason } : {}) });
  }

  /** Steps of the list this run does not reach (--until). */
  stopsBefore(numbers: number[]): void {
    this.notRun = numbers;
  }

  plan(): PlanEvent {
    const nodes = [...this.nodes.entries()].filter(([, t]) => t.planned > 0).map(([name]) => name);
    const actions = [...this.nodes.values()].reduce((sum, t) => sum + t.planned, 0);
    const numbers = (status: StepStatus): number[] => this.steps.filter((s) => s.status === status).map((s) => s.number);
    const reasons = [...new Set(this.steps.filter((s) => s.status === 'skipped').map((s) => s.reason ?? ''))];
    const skipped = reasons.map((reason) => ({ steps: this.steps.filter((s) => s.status === 'skipped' && (s.reason ?? '') === reason).map((s) => s.number), reason }));
    const data = { actions, nodes, alreadyDone: numbers('already-done'), skipped, failed: numbers('failed'), notRun: this.notRun };
    return { type: 'plan', ...data, summary: planLine(data) };
  }

  recap(): RecapEvent {
    const nodes = [...this.nodes.entries()].map(([node, t]) => ({ node, done: t.done, unchanged: t.unchanged, failed: t.failed }));
    return { type: 'recap', nodes };
  }
}

/** "2–5, 7": step numbers as ranges. */
export function stepRanges(numbers: readonly number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i]!;
    while (i + 1 < sorted.length && sorted[i + 1] === sorted[i]! + 1) i++;
    const end = sorted[i]!;
    parts.push(end === start ? `${start}` : end === start + 1 ? `${start}, ${end}` : `${start}–${end}`);
  }
  return parts.join(', ');
}

const steps = (numbers: readonly number[]): string => `${numbers.length === 1 ? 'step' : 'steps'} ${stepRanges(numbers)}`;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function planLine(plan: Omit<PlanEvent, 'type' | 'summary'>): string {
  const parts = [plan.actions === 0 ? 'nothing to do' : `${plural(plan.actions, 'action')} on ${plural(plan.nodes.length, 'node')}`];
  if (plan.alreadyDone.length > 0) parts.push(`${steps(plan.alreadyDone)} already done`);
  for (const s of plan.skipped) parts.push(`${steps(s.steps)} skipped: ${s.reason}`);
  if (plan.failed.length > 0) parts.push(`${steps(plan.failed)}: checks fail now`);
  if (plan.notRun.length > 0) parts.push(`${steps(plan.notRun)} not in this run (--until)`);
  return parts.join('; ');
}

export function recapLines(recap: RecapEvent): string[] {
  const width = Math.max(0, ...recap.nodes.map((n) => n.node.length));
  return recap.nodes.map((n) => `${n.node.padEnd(width)}  ${plural(n.done, 'action')} done, ${plural(n.unchanged, 'step')} unchanged, ${n.failed} failed`);
}
