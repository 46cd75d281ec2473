import { on } from '../engine/check-runner.js';
import type { Step } from '../engine/types.js';
import * as c from '../checks/index.js';
import { serviceAlive } from '../checks/st-probes.js';
import { PlanBuilder } from './actions.js';
import { afterAdminStop } from './leaves.js';
import { either } from './evidence.js';
import { skipWhenAutoRegister } from './auto-register.js';

export const stopNewAdmins = {
  id: 'stop-new-admins',
  title: 'Stop the Admin service on each new node',
  seed: 'Stop the Admin service on each newly-installed SecureTransport node.',
  targets: 'others',
  skipReason: skipWhenAutoRegister,
  // Once a node is registered (step 7), step 5 has served its purpose even though Admin runs again.
  done: (_ctx, nodes) => on(nodes, either('st.admin-stopped', c.stRegistered, c.stAdminStopped)),
  preconditions: () => [],
  plan(ctx, pending) {
    const plan = new PlanBuilder(this.id);
    const timeout = ctx.answers.cluster.timeouts.serviceStopSeconds * 1000;
    return Promise.resolve([
      pending.map((node) => plan.script(ctx, node, 'stop', 'admin')),
      pending.map((node) => plan.wait(node, 'Admin process gone', timeout, async (x) => !(await serviceAlive(x.adapter(node), x.answers.cluster.installDir, 'admin')), 'Stop it by hand: bin/stop_admin -f.')),
    ]);
  },
  leaves: afterAdminStop,
  postconditions: (_ctx, nodes) => on(nodes, c.stAdminStopped),
} satisfies Step;
