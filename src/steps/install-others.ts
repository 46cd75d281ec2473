import { cluster, on } from '../engine/check-runner.js';
import type { Step } from '../engine/types.js';
import * as c from '../checks/index.js';
import { firstNode, firstTaeh } from '../checks/st-probes.js';
import { PlanBuilder } from './actions.js';
import { afterInstall } from './leaves.js';
import { installAction } from './install.js';


export const installOthers = {
  id: 'install-others',
  title: 'Install the other SecureTransport Servers',
  seed: 'Install the other SecureTransport Servers. Specify the same installation directory, specify usage of the existing database schema, and import the taeh file from the first Server.',
  targets: 'others',
  done: (_ctx, nodes) => on(nodes, c.stInstalled, c.stVersionSame, c.stTaehIdentical),
  preconditions: (ctx, pending) => [
    ...cluster(c.dbSchemaPresent),
    ...on([firstNode(ctx)], c.stInstalled),
    ...on(pending, c.stNoJobRunning, c.stInstallComplete, c.stMediaPresent, c.nodeInstallDir, c.nodeStAccount, c.nodeTempSpace, c.taehIdentical(true)),
  ],
  async plan(ctx, pending) {
    const plan = new PlanBuilder(this.id);
    const taehSha = await firstTaeh(ctx);
    const phases = [await Promise.all(pending.map((node) => installAction(ctx, plan, node, taehSha)))];
    if (ctx.answers.cluster.autoRegister) {
      // Auto-registered nodes come up operational; wait for them before licensing (step 9).
      const seconds = ctx.answers.cluster.timeouts.adminReadySeconds;
      phases.push(pending.map((node) => plan.waitFor(node, 'Admin up and operational', seconds, [c.stAdminReady], 'Look at tomcat/admin/logs/catalina.out on the node.')));
    }
    return phases;
  },
  leaves: afterInstall,
  postconditions: (_ctx, nodes) => on(nodes, c.stInstalled, c.stVersionSame, c.stTaehIdentical),
} satisfies Step;
