// The world a dry run expects once the steps it plans have run (issue 15 item 1:
// plan equals apply). A planned step leaves facts — its postconditions on the nodes
// it acts on, and what else its actions change (Step.leaves) — and later steps'
// "already done?" is judged on those facts where they exist, on the world as it
// is now where they do not. Never used by a real run: there the world is read.
import type { Check, CheckResult, Fact, NodeRef, Prediction, RunContext } from './types.js';

interface Known {
  holds: boolean;
  /** The number of the planned step that leaves it. */
  step: number;
}

const key = (check: string, node: string | undefined): string => `${check}@${node ?? ''}`;

export class PredictedWorld implements Prediction {
  private readonly facts = new Map<string, Known>();
  /** Steps whose predicted facts decided a look (read by the runner per step). */
  readonly used = new Set<number>();

  set(step: number, facts: readonly Fact[]): void {
    for (const fact of facts) this.facts.set(key(fact.check, fact.node), { holds: fact.holds, step });
  }

  get(check: string, node: string | undefined): Known | undefined {
    return this.facts.get(key(check, node));
  }
}

// Checks built of other checks (steps/evidence.ts) are judged through their parts, never by their own id.
const composites = new WeakSet<Check>();
export function markComposite(check: Check): Check {
  composites.add(check);
  return check;
}

/** The check's result in the world the dry run expects (a predicted fact), else what it reads now. */
export async function look(ctx: RunContext, check: Check, node: NodeRef | undefined): Promise<CheckResult> {
  const known = ctx.predicted && !composites.has(check) ? ctx.predicted.get(check.id, node?.name) : undefined;
  if (!known) return check.run(ctx, node);
  ctx.predicted?.used.add(known.step);
  const where = node ? `${node.name}: ` : '';
  return known.holds
    ? { status: 'pass', detail: `${where}${check.title}: holds after step ${known.step}` }
    : { status: 'fail', detail: `${where}${check.title}: not after step ${known.step}`, fix: `Planned: judged when the run gets there.` };
}

/** The check as the dry run's world sees it: the same check, looked up in the prediction first. */
export function predicting(check: Check): Check {
  if (composites.has(check)) return check;
  return { ...check, run: (ctx, node) => look(ctx, check, node) };
}
