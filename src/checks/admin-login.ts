// Which password the first node's Admin accepts (issue 12 item 3). A fresh install
// answers admin/admin (ST-FACTS.md "Admin after a fresh install"); step 3 sets
// admin.password through it. The account lives in the shared DB, so the other
// nodes accept the new password once they join: only the first node is asked.
import type { NodeCheck, NodeRef, RunContext } from '../engine/types.js';
import { AdminApiError } from '../st/admin-types.js';
import { fail, pass } from './result.js';

export type AdminLogin = 'password' | 'initial' | 'neither';

const refused = (error: unknown): boolean => error instanceof AdminApiError && error.kind === 'auth';

/**
 * 'password' when admin.password logs in, 'initial' when only admin.initialPassword does,
 * 'neither' when both are refused (401). Any other failure (down, TLS, pin) throws: it says nothing of the passwords.
 */
export async function adminLogin(ctx: RunContext, node: NodeRef): Promise<AdminLogin> {
  try {
    await ctx.admin(node).version();
    return 'password';
  } catch (error) {
    if (!refused(error)) throw error;
  }
  try {
    await ctx.admin(node, 'initial').version();
    return 'initial';
  } catch (error) {
    if (!refused(error)) throw error;
    return 'neither';
  }
}

export const neitherFix = (node: NodeRef): string =>
  `Log in to the Admin Tool of ${node.name} by hand: if its admin password was already changed, put it in the secret behind admin.password; if it is a fresh install whose password is not "admin", set admin.initialPassword to a reference to it. Then run again.`;

export const neitherDetail = (ctx: RunContext): string =>
  `neither admin.password nor admin.initialPassword logs in as ${ctx.answers.admin.user} (HTTP 401)`;

/** Step 3 can log in: with admin.password, or with the initial password it will replace. */
export const stAdminLogin: NodeCheck = {
  id: 'st.admin-login',
  title: 'Admin logs in with admin.password or admin.initialPassword',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const login = await adminLogin(ctx, node);
    if (login === 'password') return pass('admin.password logs in');
    if (login === 'initial') return pass('admin.initialPassword logs in (step 3 sets admin.password)');
    return fail(neitherDetail(ctx), neitherFix(node));
  },
};

/** admin.password is the one that logs in (step 3 done). */
export const stAdminPassword: NodeCheck = {
  id: 'st.admin-password',
  title: 'admin.password logs in on the first node',
  severity: 'error',
  scope: 'node',
  async run(ctx, node) {
    const login = await adminLogin(ctx, node);
    if (login === 'password') return pass('admin.password logs in');
    if (login === 'initial') return fail('Admin still has its initial password', 'Run step 3: it sets admin.password.');
    return fail(neitherDetail(ctx), neitherFix(node));
  },
};
