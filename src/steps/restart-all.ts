import { cluster, on } from '../engine/check-runner.js';
import type { Step } from '../engine/types.js';
import * as c from '../checks/index.js';
import { PlanBuilder } from './actions.js';
import { afterRestart } from './leaves.js';

export const restartAll = {
  id: 'restart-all',
  title: 'Restart all SecureTransport Servers',
  seed: 'Restart all SecureTransport Servers.',
  targets: 'all',
  done: (_ctx, nodes) => [...on(nodes, c.stOnline, c.stRegistered), ...cluster(c.stTlsOption)],
  // stop_all on every node: registration must equal the answers and every restarted node be licensed.
  preconditions: (_ctx, pending) => [
    ...on(pending, c.stInstalled, c.stLicensePresent),
    ...cluster(...c.restartProof({ members: (x) => x.nodes, registration: 'complete', licensed: () => pending })),
  ],
  plan(ctx, pending) {
    const plan = new PlanBuilder(this.id);
    const seconds = ctx.answers.cluster.timeouts.adminReadySeconds;
    const first = pending.filter((n) => n.first);
    const others = pending.filter((n) => !n.first);
    // The first node comes back before the others: it holds the Admin the others' registration is managed by.
    return Promise.resolve([
      pending.map((node) => plan.script(ctx, node, 'stop', 'all')),
      first.map((node) => plan.script(ctx, node, 'start', 'all')),
      others.map((node) => plan.script(ctx, node, 'start', 'all')),
      pending.map((node) =>
        plan.waitFor(node, 'Online and Admin operational', seconds, [c.stOnline, c.stAdminReady], 'See var/logs on the node; a TM over the licensed node count will not start.'),
      ),
    ].filter((phase) => phase.length > 0));
  },
  leaves: afterRestart,
  postconditions: (_ctx, nodes) => [...on(nodes, c.stOnline, c.stRegistered, c.stAdmindCert), ...cluster(c.stTlsOption)],
} satisfies Step;
