import { cluster, on } from '../engine/check-runner.js';
import type { Step } from '../engine/types.js';
import * as c from '../checks/index.js';
import { adminLogin, neitherDetail, neitherFix, stAdminLogin, stAdminPassword } from '../checks/admin-login.js';
import { ActionError } from './action-error.js';
import { PlanBuilder } from './actions.js';
import { licenseCopies } from './licenses.js';
import { layout } from '../st/layout.js';

/**
 * Done-probe of step 3: admin.password logs in — or Admin cannot answer now (a resume whose
 * first node is stopped), which st.admin-password in the postconditions settles.
 */
const adminPasswordWhenReadable = c.whenNodeAdminAnswers(stAdminPassword, () => `Admin does not answer now; the password is checked when it does`);

export const configureFirst = {
  id: 'configure-first',
  title: 'Licenses and initial configuration of the first Server',
  seed: 'Install the SecureTransport licenses and perform the initial configuration for the first SecureTransport Server.',
  targets: 'first',
  done: (_ctx, nodes) => [...on(nodes, c.stLicensePresent, adminPasswordWhenReadable), ...cluster(c.stTlsOptionWhenReadable)],
  preconditions: (_ctx, pending) => on(pending, c.stInstalled, c.stAdminReady, stAdminLogin),
  async plan(ctx, pending) {
    const plan = new PlanBuilder(this.id);
    const node = pending[0]!;
    const want = c.wantedTls(ctx);
    const base = `https://${node.address}:${ctx.answers.admin.port}${layout.adminApiBasePath}`;
    // In a dry run on a fresh node nothing answers yet: the change is planned, and decided when it runs.
    const login = await adminLogin(ctx, node).catch(() => 'unknown' as const);
    // Axway's sample sets the password on the first core only: the account lives in the shared DB
    // (roles/st_configuration/tasks/main.yml, templates/passwordChange.json.j2).
    const password =
      login === 'password'
        ? []
        : [
            plan.api(node, 'set admin.password (logged in with admin.initialPassword)', { method: 'PATCH', url: `${base}${layout.adminPaths.myself}` }, async (x) => {
              const now = await adminLogin(x, node);
              if (now === 'password') return;
              if (now === 'neither') throw new ActionError(`${node.name}: ${neitherDetail(x)}`, neitherFix(node));
              await x.admin(node, 'initial').changePassword(await x.adminPassword());
              if ((await adminLogin(x, node)) !== 'password') {
                throw new ActionError(`${node.name}: Admin accepted the new password but admin.password still does not log in`, `Log in to the Admin Tool of ${node.name} and check the password of ${x.answers.admin.user}; then run again.`);
              }
            }),
          ];
    return [
      await licenseCopies(ctx, plan, node),
      ...(password.length > 0 ? [password] : []),
      [plan.api(node, `set ${c.TLS_OPTION} = ${want}`, { method: 'PUT', url: `${base}${layout.adminPaths.options}` }, (x) => x.admin(node).setOption(c.TLS_OPTION, [want]))],
    ];
  },
  postconditions: (_ctx, nodes) => [...on(nodes, c.stLicensePresent, stAdminPassword), ...cluster(c.stTlsOption)],
} satisfies Step;
