import { cluster, on } from '../engine/check-runner.js';
import type { Step } from '../engine/types.js';
import * as c from '../checks/index.js';
import { PlanBuilder } from './actions.js';
import { afterInstall } from './leaves.js';
import { installAction } from './install.js';

export const installFirst = {
  id: 'install-first',
  title: 'Install the first SecureTransport Server',
  seed: 'Install the first SecureTransport Server. When you install the first SecureTransport Server, the installer creates the schema for the cluster in the shared database.',
  targets: 'first',
  done: (_ctx, nodes) => [...on(nodes, c.stInstalled), ...cluster(c.dbSchemaPresent)],
  preconditions: (_ctx, pending) => [...on(pending, c.stNoJobRunning, c.stInstallComplete, c.stMediaPresent, c.nodeInstallDir, c.nodeStAccount, c.nodeTempSpace), ...cluster(c.dbSchemaAbsent)],
  async plan(ctx, pending) {
    const plan = new PlanBuilder(this.id);
    const node = pending[0]!;
    return [
      [await installAction(ctx, plan, node)],
      [plan.waitFor(node, 'Admin up and operational', ctx.answers.cluster.timeouts.adminReadySeconds, [c.stAdminReady], 'Look at tomcat/admin/logs/catalina.out on the node.')],
    ];
  },
  leaves: afterInstall,
  postconditions: (_ctx, nodes) => [...on(nodes, c.stInstalled), ...cluster(c.dbSchemaPresent), ...on(nodes, c.stAdminReady)],
} satisfies Step;
