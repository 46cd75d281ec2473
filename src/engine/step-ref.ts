// How a fix text names a step (issue 14): by its place in the list being run —
// "step 3 (configure-first)" inside setup — and by its command where that list
// does not hold it ("setup's install-first step" inside add-node).
import type { RunContext } from './types.js';

export function stepRef(ctx: Pick<RunContext, 'procedure'>, id: string): string {
  const index = ctx.procedure?.findIndex((step) => step.id === id) ?? -1;
  return index >= 0 ? `step ${index + 1} (${id})` : `setup's ${id} step`;
}
