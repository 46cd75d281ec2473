// `st-cluster remove-node`: docs/st-facts.md "Remove a server": remove it in cluster
// management, then stop all its services. Its configuration stays in the shared
// database, so it must not be started again unless it is added back.
import * as c from '../checks/index.js';
import { cluster, on } from '../engine/check-runner.js';
import { UsageError } from '../engine/errors.js';
import type { NodeRef, Step } from '../engine/types.js';
import { PlanBuilder } from '../steps/actions.js';
import { all } from '../steps/evidence.js';
import { removeOperation } from './cluster-api.js';
import { notRegistered, removeApi, removeSafe } from './checks.js';

export const REMOVED_NODE_WARNING =
  'Its configuration stays in the shared database: do not start SecureTransport on it again unless you add it back (st-cluster add-node). Remove it from the answers file.';

export function removeNodeSteps(node: NodeRef, via: NodeRef, force: boolean): Step[] {
  const only = [node];
  const unregistered = notRegistered(via);
  const stopped = all('st.stopped', c.stAdminStopped, c.stTmStopped, c.stDaemonsStopped);
  return [
    {
      id: 'remove-preflight',
      title: `Preflight for removing ${node.name}`,
      seed: 'Remove a server: remove it in cluster management, then stop all its services.',
      targets: 'all',
      done: () => [],
      preconditions: () => [...on(only, c.nodeReachable), ...on([via], c.stAdminReady), ...cluster(removeSafe(node, via, force))],
      plan: () => Promise.resolve([]),
      postconditions: () => [],
    },
    {
      id: 'remove-unregister',
      title: `Remove ${node.address} from the cluster through ${via.name}'s Admin`,
      seed: 'Remove the server in cluster management.',
      targets: 'all',
      done: () => on(only, unregistered),
      preconditions: () => [...on([via], c.stAdminReady), ...cluster(removeApi(via))],
      plan(ctx) {
        const plan = new PlanBuilder('remove-unregister');
        const op = removeOperation(ctx);
        if (!op) throw new UsageError('admin.register.removePath is not set', 'Set admin.register.removePath, or remove the address in the Admin Tool and run remove-node again.');
        const url = `https://${via.address}:${ctx.answers.admin.port}${op.base}/${encodeURIComponent(node.address)}`;
        const remove = plan.api(node, `remove ${node.address} from the cluster`, { method: 'DELETE', url }, (x) => x.admin(via).removeClusterNode(op.base, node.address));
        const wait = plan.waitFor(via, `cluster management no longer lists ${node.address}`, ctx.answers.cluster.timeouts.registerSeconds, [unregistered], `Check Server Configuration > Cluster Management in ${via.name}'s Admin Tool.`, node);
        return Promise.resolve([[remove], [wait]]);
      },
      postconditions: () => on(only, unregistered),
    },
    {
      id: 'remove-stop',
      title: `Stop every service on ${node.name}`,
      seed: 'Stop all the services of the removed server; do not start it again unless it is added back.',
      targets: 'all',
      done: () => on(only, stopped),
      // The rest of the cluster keeps running: nothing but the answers' other nodes is left registered
      // (the leaving address included), and the manager's Admin logs in. Its count only shrinks.
      preconditions: () => [
        ...on(only, c.nodeReachable),
        ...cluster(c.restartSafe({ members: (x) => x.nodes.filter((n) => n.name !== node.name), registration: 'building', licensed: () => [], via: () => via })),
      ],
      plan(ctx) {
        const plan = new PlanBuilder('remove-stop');
        const dir = ctx.answers.cluster.installDir;
        const wait = plan.waitFor(node, 'no service running', ctx.answers.cluster.timeouts.serviceStopSeconds, [stopped], `Stop what is left by hand: ${dir}/bin/stop_all -f on ${node.name}.`);
        return Promise.resolve([[plan.script(ctx, node, 'stop', 'all')], [wait]]);
      },
      postconditions: () => on(only, stopped),
    },
  ] satisfies Step[];
}
