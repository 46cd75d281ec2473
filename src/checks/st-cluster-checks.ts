// Cluster-wide SecureTransport checks made through the first node's Admin API.
import type { CheckResult, ClusterCheck, NodeCheck, NodeRef, RunContext } from '../engine/types.js';
import { fail, pass } from './result.js';
import { AdminApiError } from '../st/admin-types.js';
import { firstNode } from './st-probes.js';
import { stepRef } from '../engine/step-ref.js';

export const TLS_OPTION = 'Cluster.enable.SSL';

export const stRegisterApi: ClusterCheck = {
  id: 'st.register-api',
  title: 'Admin API publishes the add-server operation',
  severity: 'error',
  scope: 'cluster',
  async run(ctx) {
    const path = ctx.answers.admin.register.addPath;
    if (!path) return fail('admin.register.addPath is not set', 'Set admin.register.addPath to the add-server operation path of your SecureTransport version, or use cluster.autoRegister.');
    const published = await ctx.admin(firstNode(ctx)).publishedOperations();
    if (published.includes(`POST ${path}`)) return pass(`POST ${path} is published by ${firstNode(ctx).name}`);
    const near = published.filter((op) => /cluster/i.test(op)).slice(0, 6);
    return fail(
      `POST ${path} is not in ${firstNode(ctx).name}'s /api/v2.0/docs/swagger.json${near.length ? ` (cluster operations published: ${near.join(', ')})` : ''}`,
      'Set admin.register.addPath to a published path, or register the nodes with admin.register.method: manual, or use cluster.autoRegister.',
    );
  },
};

export const wantedTls = (ctx: RunContext): string => String(ctx.answers.cluster.tls.enabled);

export const stTlsOption: ClusterCheck = {
  id: 'st.tls-option',
  title: `${TLS_OPTION} as asked (cluster.tls.enabled)`,
  severity: 'error',
  scope: 'cluster',
  async run(ctx) {
    const values = await ctx.admin(firstNode(ctx)).getOption(TLS_OPTION);
    const want = wantedTls(ctx);
    if (values?.[0] === want) return pass(`${TLS_OPTION} = ${want}`);
    return fail(`${TLS_OPTION} = ${values?.join(',') ?? 'unset'}, asked ${want}`, `Run ${stepRef(ctx, 'configure-first')} again, or set the option in the Admin Tool (Server Configuration).`);
  },
};

/**
 * "Already done?" evidence for step 3: the option can only be read through the first
 * node's Admin. While that Admin is down (a run cut in step 10) the option is judged by
 * step 10's postconditions instead of sending the run back to step 3.
 */
export const stTlsOptionWhenReadable: ClusterCheck = whenAdminAnswers(stTlsOption, (ctx) => `${TLS_OPTION} not readable now (${firstNode(ctx).name}'s Admin does not answer); verified after ${stepRef(ctx, 'restart-all')}`);

/** `check`, passing with `note` while the Admin it asks cannot answer now (down, stopping, not yet operational). */
export function whenAdminAnswers(check: ClusterCheck, note: (ctx: RunContext) => string): ClusterCheck {
  return { ...check, run: (ctx) => unlessAdminDown(check.run(ctx), () => note(ctx)) };
}

/** whenAdminAnswers for a node check: the node's own Admin. */
export function whenNodeAdminAnswers(check: NodeCheck, note: (ctx: RunContext, node: NodeRef) => string): NodeCheck {
  return { ...check, run: (ctx, node) => unlessAdminDown(check.run(ctx, node), () => note(ctx, node)) };
}

async function unlessAdminDown(result: Promise<CheckResult>, note: () => string): Promise<CheckResult> {
  try {
    return await result;
  } catch (error) {
    // A refusal (401/403, TLS) is not "cannot tell now": it is a fact not read, never a pass.
    if (!(error instanceof AdminApiError) || !['unreachable', 'timeout', 'unavailable'].includes(error.kind)) throw error;
    return pass(note());
  }
}
