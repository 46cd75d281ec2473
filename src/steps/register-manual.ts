// Step 7 by hand (admin.register.method: manual): the operator adds the nodes in
// the Admin Tool while the wizard polls cluster management until all are listed.
import { UsageError } from '../engine/errors.js';
import type { Action, NodeRef, RunContext } from '../engine/types.js';
import { ActionError, type PlanBuilder } from './actions.js';

export function manualRegistration(ctx: RunContext, plan: PlanBuilder, first: NodeRef, pending: readonly NodeRef[]): Action {
  const addresses = pending.map((n) => n.address);
  const url = `https://${first.address}:${ctx.answers.admin.port}/`;
  return {
    id: plan.id(first),
    step: 'register-nodes',
    node: first.name,
    kind: 'wait',
    summary: `operator adds ${addresses.join(', ')} in the Admin Tool at ${url}`,
    detail: { url },
    async apply(x, signal) {
      if (!x.operator) {
        throw new UsageError('admin.register.method "manual" needs an operator at a terminal', 'Run setup interactively, or use admin.register.method: api or cluster.autoRegister.');
      }
      const timeoutMs = x.answers.cluster.timeouts.registerSeconds * 1000;
      const listed = async (): Promise<string[]> => (await x.admin(first).clusterManagement()).clusterNodes.map((n) => n.serverAddress);
      if (!(await x.operator.manualRegistration({ url, addresses, timeoutMs }, listed, signal))) {
        throw new ActionError(`not every address was listed by cluster management: ${addresses.join(', ')}`, 'Add the missing addresses in the Admin Tool, then run setup again.');
      }
    },
  };
}
