import { cluster, on } from '../engine/check-runner.js';
import { UsageError } from '../engine/errors.js';
import type { Step } from '../engine/types.js';
import * as c from '../checks/index.js';
import { firstNode } from '../checks/st-probes.js';
import { PlanBuilder } from './actions.js';
import { skipWhenAutoRegister } from './auto-register.js';
import { manualRegistration } from './register-manual.js';

export const registerNodes = {
  id: 'register-nodes',
  number: 7,
  title: 'Add every node to the cluster through the first Server\'s Admin',
  seed: 'Log on to the Administration Tool on the running Server as the admin user, and add to the cluster each of the cluster nodes, including the one you are logged on to. Do not restart any other SecureTransport Server until it is added to the cluster.',
  targets: 'all',
  skipReason: skipWhenAutoRegister,
  preconditions: (ctx, pending) => [
    ...on([firstNode(ctx)], c.stAdminReady),
    // docs/st-facts.md "Add a server": the target must have Admin and TM stopped (the first keeps Admin: it is the one we log on to).
    ...on(pending, c.stTmStopped),
    ...on(pending.filter((n) => !n.first), c.stAdminStopped),
    ...(ctx.answers.admin.register.method === 'api' ? cluster(c.stRegisterApi) : []),
    // A stray address would make step 10's restart fail on every node: refuse before adding any.
    ...cluster(c.stRegistrationExact),
  ],
  plan(ctx, pending) {
    const { admin } = ctx.answers;
    const plan = new PlanBuilder(this.id);
    const first = firstNode(ctx);
    if (admin.register.method === 'manual') return Promise.resolve([[manualRegistration(ctx, plan, first, pending)]]);
    if (!admin.register.addPath) {
      throw new UsageError('admin.register.addPath is not set', 'Set admin.register.addPath, or use admin.register.method: manual interactively, or cluster.autoRegister: true.');
    }
    const path = admin.register.addPath;
    const url = `https://${first.address}:${admin.port}${path}`;
    // One at a time, in the answers' order (first node first): each address goes in exactly once.
    const adds = pending.map((node) => [plan.api(node, `add ${node.address} to the cluster`, { method: 'POST', url }, (x) => x.admin(first).addClusterNode(path, node.address))]);
    const wanted = pending.map((n) => n.address);
    const listed = plan.wait(first, `cluster management lists ${wanted.join(', ')}`, ctx.answers.cluster.timeouts.registerSeconds * 1000, async (x) => {
      const have = (await x.admin(first).clusterManagement()).clusterNodes.map((n) => n.serverAddress);
      return wanted.every((a) => have.includes(a));
    }, 'Open the Admin Tool on the first node and check Server Configuration > Cluster Management.');
    return Promise.resolve([...adds, [listed]]);
  },
  postconditions: (_ctx, nodes) => [...on(nodes, c.stRegistered), ...cluster(c.stRegistrationExact)],
} satisfies Step;
