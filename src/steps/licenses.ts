import { posix } from 'node:path';
import type { Action, NodeRef, RunContext } from '../engine/types.js';
import { licensePairs } from '../checks/st-checks.js';
import type { PlanBuilder } from './actions.js';

// License files are opaque bytes (docs/st-facts.md [U]); the plan shows their checksum, never their content.
export async function licenseCopies(ctx: RunContext, plan: PlanBuilder, node: NodeRef): Promise<Action[]> {
  return Promise.all(
    licensePairs(ctx).map(async ([source, target]) => {
      const sha256 = (await ctx.jumpHost.sha256(source)) ?? undefined;
      const path = posix.join(ctx.answers.cluster.installDir, target);
      return plan.copy(node, path, 0o640, `license ${posix.basename(target)}`, (x) => x.jumpHost.readFile(source), sha256 ? { sha256 } : {});
    }),
  );
}
