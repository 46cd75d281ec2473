import { on } from '../engine/check-runner.js';
import type { Step } from '../engine/types.js';
import * as c from '../checks/index.js';
import { PlanBuilder } from './actions.js';
import { licenseCopies } from './licenses.js';

export const licenseOthers = {
  id: 'license-others',
  title: 'Install the licenses on the new nodes',
  // Only the licenses: the rest of the initial configuration comes from the cluster's shared database.
  seed: 'Install the SecureTransport licenses for the newly-installed SecureTransport Servers. Do not perform the other steps of the initial configuration because the configuration is copied to the other servers when they are added to the cluster.',
  targets: 'others',
  preconditions: (_ctx, pending) => on(pending, c.stInstalled),
  async plan(ctx, pending) {
    const plan = new PlanBuilder(this.id);
    return [(await Promise.all(pending.map((node) => licenseCopies(ctx, plan, node)))).flat()];
  },
  postconditions: (_ctx, nodes) => on(nodes, c.stLicensePresent),
} satisfies Step;
