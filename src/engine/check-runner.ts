// Runs checks the way an operator waits least: every node walks its own
// node-scoped checks in order while the nodes run side by side (bounded by
// --parallel), so 16 nodes take about as long as one. Cluster-scoped checks follow.
import { isCouldNotLook, type FailedCheck } from './errors.js';
import { mapBounded } from './parallel.js';
import type { Check, CheckResult, CheckUse, ClusterCheck, NodeCheck, NodeRef, RunContext } from './types.js';

export interface CheckOutcome {
  id: string;
  node: string | null;
  result: CheckResult;
  severity: 'error' | 'warning';
  acceptedRisk?: string;
}

export interface CheckRunOptions {
  step: string;
  /** Check ID (or ID@node) → the operator's reason for accepting the risk. */
  acceptRisks?: ReadonlyMap<string, string>;
  /** Emit a check event per result (false for the quiet "already done?" probe). */
  report: boolean;
}

const UNREACHABLE_ID = 'node.reachable';
const COULD_NOT_LOOK_FIX = 'Make the node reachable and its files readable by the adapter\'s account (see the cause), then run again.';


async function runOne(check: Check, look: () => Promise<CheckResult>): Promise<CheckResult> {
  try {
    return await look();
  } catch (error) {
    const err = error as Error & { fix?: string };
    // A node that could not be looked at is unknown, never absent or done (README "could not look").
    if (isCouldNotLook(error)) return { status: 'fail', unknown: true, detail: `${check.title}: could not look: ${err.message}`, fix: err.fix ?? COULD_NOT_LOOK_FIX };
    return { status: 'fail', detail: `${check.title}: ${err.message}`, fix: err.fix ?? 'See the message above; fix it and run again.' };
  }
}

type NodeUse = Extract<CheckUse, { check: NodeCheck }>;
type ClusterUse = Extract<CheckUse, { check: ClusterCheck }>;
const isNodeUse = (use: CheckUse): use is NodeUse => use.check.scope === 'node';
const isClusterUse = (use: CheckUse): use is ClusterUse => use.check.scope === 'cluster';

export async function runChecks(ctx: RunContext, uses: readonly CheckUse[], options: CheckRunOptions): Promise<{ outcomes: CheckOutcome[]; failures: FailedCheck[] }> {
  const outcomes: CheckOutcome[] = [];
  const record = (use: CheckUse, node: NodeRef | undefined, result: CheckResult): void => {
    const outcome = judge(use, node, result, options.acceptRisks);
    outcomes.push(outcome);
    if (options.report) {
      ctx.events.emit({
        type: 'check',
        step: options.step,
        id: outcome.id,
        title: use.check.title,
        node: outcome.node,
        status: outcome.result.status,
        detail: outcome.result.detail,
        ...(outcome.result.fix ? { fix: outcome.result.fix } : {}),
        ...(outcome.acceptedRisk ? { acceptedRisk: outcome.acceptedRisk } : {}),
      });
    }
  };

  const nodeUses = uses.filter(isNodeUse);
  const nodes = uniqueNodes(nodeUses);
  await mapBounded(nodes, ctx.parallel, async (node) => {
    let unreachable = false;
    for (const use of nodeUses) {
      if (!use.nodes.some((n) => n.name === node.name)) continue;
      if (unreachable) {
        record(use, node, { status: 'skip', detail: `not checked: ${node.name} is not reachable` });
        continue;
      }
      const result = await runOne(use.check, () => use.check.run(ctx, node));
      record(use, node, result);
      if (use.check.id === UNREACHABLE_ID && result.status === 'fail') unreachable = true;
    }
  });
  for (const use of uses.filter(isClusterUse)) {
    record(use, undefined, await runOne(use.check, () => use.check.run(ctx)));
  }

  const failures = outcomes
    .filter((o) => o.result.status === 'fail')
    .map((o) => ({ id: o.id, node: o.node, detail: o.result.detail, ...(o.result.fix ? { fix: o.result.fix } : {}) }));
  return { outcomes, failures };
}

function judge(use: CheckUse, node: NodeRef | undefined, result: CheckResult, accepted?: ReadonlyMap<string, string>): CheckOutcome {
  const id = use.check.id;
  const base = { id, node: node?.name ?? result.node ?? null, severity: use.check.severity };
  if (result.status !== 'fail') return { ...base, result };
  if (use.check.severity === 'warning') return { ...base, result: { ...result, status: 'warn' } };
  const reason = (node && accepted?.get(`${id}@${node.name}`)) ?? accepted?.get(id);
  if (reason !== undefined) return { ...base, result: { ...result, status: 'warn' }, acceptedRisk: reason };
  return { ...base, result };
}

function uniqueNodes(uses: readonly NodeUse[]): NodeRef[] {
  const byName = new Map<string, NodeRef>();
  for (const use of uses) for (const node of use.nodes) byName.set(node.name, node);
  return [...byName.values()].sort((a, b) => a.index - b.index);
}

/** Binds checks to nodes: `on(nodes, checkA, checkB)` for node scope, `cluster(check)` for cluster scope. */
export function on(nodes: readonly NodeRef[], ...checks: NodeCheck[]): CheckUse[] {
  return checks.map((check) => ({ check, nodes }));
}
export function cluster(...checks: ClusterCheck[]): CheckUse[] {
  return checks.map((check) => ({ check }));
}
