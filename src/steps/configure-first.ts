import { cluster, on } from '../engine/check-runner.js';
import type { Step } from '../engine/types.js';
import * as c from '../checks/index.js';
import { PlanBuilder } from './actions.js';
import { licenseCopies } from './licenses.js';

export const configureFirst = {
  id: 'configure-first',
  title: 'Licenses and initial configuration of the first Server',
  seed: 'Install the SecureTransport licenses and perform the initial configuration for the first SecureTransport Server.',
  targets: 'first',
  done: (_ctx, nodes) => [...on(nodes, c.stLicensePresent), ...cluster(c.stTlsOptionWhenReadable)],
  preconditions: (_ctx, pending) => on(pending, c.stInstalled, c.stAdminReady),
  async plan(ctx, pending) {
    const plan = new PlanBuilder(this.id);
    const node = pending[0]!;
    const want = c.wantedTls(ctx);
    const url = `https://${node.address}:${ctx.answers.admin.port}/api/v2.0/configurations/options`;
    return [
      await licenseCopies(ctx, plan, node),
      [plan.api(node, `set ${c.TLS_OPTION} = ${want}`, { method: 'PUT', url }, (x) => x.admin(node).setOption(c.TLS_OPTION, [want]))],
    ];
  },
  postconditions: (_ctx, nodes) => [...on(nodes, c.stLicensePresent), ...cluster(c.stTlsOption)],
} satisfies Step;
