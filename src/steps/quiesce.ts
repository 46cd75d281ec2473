import { cluster, on } from '../engine/check-runner.js';
import type { Action, Step } from '../engine/types.js';
import * as c from '../checks/index.js';
import { DAEMONS, runningServices, serviceAlive } from '../checks/st-probes.js';
import { PlanBuilder } from './actions.js';
import { afterQuiesce } from './leaves.js';
import { all, either } from './evidence.js';
import { skipWhenAutoRegister } from './auto-register.js';

const quietFirst = all('st.quiesced', c.stTmStopped, c.stDaemonsStopped);
const quietOther = all('st.quiesced', c.stAdminStopped, c.stTmStopped, c.stDaemonsStopped);

export const quiesce = {
  id: 'quiesce',
  title: 'Stop everything but Admin on the first Server',
  seed: 'Stop all the protocol servers and services on all nodes except on the first SecureTransport Server. Make sure that only the Administration Tool service is running on that SecureTransport Server.',
  targets: 'all',
  skipReason: skipWhenAutoRegister,
  done: (ctx, nodes) => [
    ...on(nodes.filter((n) => n.first), either('st.quiesced', c.stRegistered, quietFirst)),
    ...on(nodes.filter((n) => !n.first), either('st.quiesced', c.stRegistered, quietOther)),
  ],
  // Registration is still being built here (step 7 follows): no stray address, the count within the
  // license, Admin logging in on the first node; its licenses (step 3) are in place for step 10's start.
  preconditions: (_ctx, pending) => (pending.length > 0 ? cluster(...c.restartProof({ members: (x) => x.nodes, registration: 'building', licensed: (x) => x.nodes.filter((n) => n.first) })) : []),
  async plan(ctx, pending) {
    const plan = new PlanBuilder(this.id);
    const dir = ctx.answers.cluster.installDir;
    const stops: Action[] = [];
    for (const node of pending) {
      if (!node.first) {
        stops.push(plan.script(ctx, node, 'stop', 'all'));
        continue;
      }
      // On the first node only what runs is stopped, one service at a time, so Admin stays up.
      for (const service of await runningServices(ctx.adapter(node), dir, ['tm', ...DAEMONS])) stops.push(plan.script(ctx, node, 'stop', service));
    }
    const timeout = ctx.answers.cluster.timeouts.serviceStopSeconds * 1000;
    const waits = pending.map((node) =>
      plan.wait(node, node.first ? 'only Admin running' : 'no service running', timeout, async (x) => {
        const left = await runningServices(x.adapter(node), dir, ['tm', ...DAEMONS, ...(node.first ? [] : ['admin' as const])]);
        return left.length === 0 && (!node.first || (await serviceAlive(x.adapter(node), dir, 'admin')));
      }, 'Stop the remaining services by hand (bin/stop_all -f on the other nodes).'),
    );
    return [stops, waits];
  },
  leaves: afterQuiesce,
  postconditions: (_ctx, nodes) => [
    ...on(nodes.filter((n) => n.first), c.stTmStopped, c.stDaemonsStopped, c.stAdminReady),
    ...on(nodes.filter((n) => !n.first), c.stAdminStopped, c.stTmStopped, c.stDaemonsStopped),
  ],
} satisfies Step;
