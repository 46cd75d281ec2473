import { posix } from 'node:path';
import type { Action, NodeRef, RunContext } from '../engine/types.js';
import { licensePairs } from '../checks/st-checks.js';
import type { PlanBuilder } from './actions.js';

// License files are opaque bytes (docs/st-facts.md [U]); the plan shows their checksum, never their content.
// The checksums are read first and the actions numbered after, in the pairs' order: an action's id
// (PlanBuilder) must not depend on which read returns first, or a plan's ids would not be its run's.
export async function licenseCopies(ctx: RunContext, plan: PlanBuilder, node: NodeRef): Promise<Action[]> {
  const pairs = licensePairs(ctx);
  const sums = await Promise.all(pairs.map(async ([source]) => (await ctx.jumpHost.sha256(source)) ?? undefined));
  return pairs.map(([source, target], i) => {
    const sha256 = sums[i];
    const path = posix.join(ctx.answers.cluster.installDir, target);
    return plan.copy(node, path, 0o640, `license ${posix.basename(target)}`, (x) => x.jumpHost.readFile(source), sha256 ? { sha256 } : {});
  });
}
