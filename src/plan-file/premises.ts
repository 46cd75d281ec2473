// A plan's premises (README "Plan files"): what the plan was made on. The same read-only
// probes the steps' evidence uses, so that apply sees a change exactly as a step would.
// A fact that could not be read is kept as such, never guessed.
import { licensePairs } from '../checks/st-checks.js';
import { probeSha256 } from '../checks/probe.js';
import { causeOf, type Probe } from '../checks/result.js';
import { installState, serviceState, stPath } from '../checks/st-probes.js';
import { mapBounded } from '../engine/parallel.js';
import type { NodeRef, RunContext } from '../engine/types.js';
import { layout } from '../st/layout.js';
import type { CouldNotLook, NodePremise, Premises } from './format.js';

export interface AnswersPremise {
  path: string;
  fingerprint: string;
  /** Canonical answers, secrets as references. */
  values: Record<string, unknown>;
}

const sha = (probe: Probe<string>): string | null | CouldNotLook => (probe.state === 'unknown' ? { couldNotLook: probe.cause } : probe.state === 'present' ? probe.value : null);

async function nodePremise(ctx: RunContext, node: NodeRef): Promise<NodePremise> {
  const adapter = ctx.adapter(node);
  const dir = ctx.answers.cluster.installDir;
  const [install, taeh, admin, tm, licenses] = await Promise.all([
    installState(ctx, node),
    probeSha256(adapter, stPath(ctx, layout.taeh)),
    serviceState(adapter, dir, 'admin'),
    serviceState(adapter, dir, 'tm'),
    Promise.all(licensePairs(ctx).map(async ([, target]) => [target, await probeSha256(adapter, stPath(ctx, target))] as const)),
  ]);
  const unread = licenses.filter(([, p]) => p.state === 'unknown').map(([target, p]) => `${target}: ${p.state === 'unknown' ? p.cause : ''}`);
  const service = (probe: typeof admin) => (probe.state === 'unknown' ? { couldNotLook: probe.cause } : probe.state);
  return {
    name: node.name,
    address: node.address,
    first: node.first,
    install: install.state === 'unknown' ? { couldNotLook: install.cause } : { state: install.state, version: install.state === 'absent' ? null : install.version },
    taeh: sha(taeh),
    licenses: unread.length > 0 ? { couldNotLook: unread.join('; ') } : Object.fromEntries(licenses.map(([target, p]) => [target, sha(p) as string | null])),
    admin: service(admin),
    tm: service(tm),
  };
}

async function databasePremise(ctx: RunContext): Promise<Premises['database']> {
  try {
    const schema = await ctx.db.schemaPresent();
    return { schema, registered: schema ? [...(await ctx.db.clusterNodeAddresses())].sort() : [] };
  } catch (error) {
    return { couldNotLook: causeOf(error) };
  }
}

/** Reads every premise now; only reads (the context of a dry run refuses writes at the adapter). */
export async function gatherPremises(ctx: RunContext, answers: AnswersPremise, toolVersion: string): Promise<Premises> {
  const [nodes, database, jump] = await Promise.all([
    mapBounded(ctx.nodes, ctx.parallel, (node) => nodePremise(ctx, node)),
    databasePremise(ctx),
    Promise.all(licensePairs(ctx).map(async ([source]) => [source, await ctx.jumpHost.sha256(source)] as const)),
  ]);
  return { tool: { name: 'st-cluster', version: toolVersion }, answers, jumpHost: { licenses: Object.fromEntries(jump) }, database, nodes };
}
