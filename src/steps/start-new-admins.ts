import { on } from '../engine/check-runner.js';
import type { Step } from '../engine/types.js';
import * as c from '../checks/index.js';
import { PlanBuilder } from './actions.js';
import { afterAdminStart } from './leaves.js';
import { skipWhenAutoRegister } from './auto-register.js';

export const startNewAdmins = {
  id: 'start-new-admins',
  title: 'Start the Admin service on the new nodes',
  seed: 'Start the Admin service on the newly-installed Secure Transport servers.',
  targets: 'others',
  skipReason: skipWhenAutoRegister,
  preconditions: (_ctx, pending) => on(pending, c.stRegistered),
  plan(ctx, pending) {
    const plan = new PlanBuilder(this.id);
    const seconds = ctx.answers.cluster.timeouts.adminReadySeconds;
    return Promise.resolve([
      pending.map((node) => plan.script(ctx, node, 'start', 'admin')),
      pending.map((node) => plan.waitFor(node, 'Admin up and operational', seconds, [c.stAdminReady], 'Look at tomcat/admin/logs/catalina.out on the node.')),
    ]);
  },
  leaves: afterAdminStart,
  postconditions: (_ctx, nodes) => on(nodes, c.stAdminReady),
} satisfies Step;
