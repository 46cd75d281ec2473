// `--accept-risk ID` or `ID@NODE` must name a check the steps being run can report
// and a node of the answers: a typo would otherwise be accepted in silence and the
// failure it meant to let through would stop the run anyway, or, worse, a later
// run would carry an acceptance nobody meant.
import { UsageError } from './errors.js';
import type { RunContext, Step } from './types.js';

/** Every check ID the steps can run on these nodes (their builders are pure). */
export function checkIdsOf(ctx: RunContext, steps: readonly Step[]): Set<string> {
  const ids = new Set<string>();
  for (const step of steps) {
    for (const use of [...step.preconditions(ctx, ctx.nodes), ...step.postconditions(ctx, ctx.nodes)]) ids.add(use.check.id);
  }
  return ids;
}

export function assertRisksKnown(ctx: RunContext, steps: readonly Step[], accepted: ReadonlyMap<string, string>, alsoKnown: readonly string[] = []): void {
  if (accepted.size === 0) return;
  const ids = new Set([...checkIdsOf(ctx, steps), ...alsoKnown]);
  const nodes = ctx.nodes.map((n) => n.name);
  for (const key of accepted.keys()) {
    const at = key.lastIndexOf('@');
    const id = at >= 0 ? key.slice(0, at) : key;
    const node = at >= 0 ? key.slice(at + 1) : undefined;
    if (!ids.has(id)) {
      throw new UsageError(`--accept-risk ${key}: no check ${id} runs in this command.`, `Name one of: ${[...ids].sort().join(', ')} (optionally as ID@NODE).`);
    }
    if (node !== undefined && !nodes.includes(node)) {
      throw new UsageError(`--accept-risk ${key}: there is no node ${node} in the answers.`, `Name one of: ${nodes.join(', ')}.`);
    }
  }
}
