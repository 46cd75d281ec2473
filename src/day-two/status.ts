// `st-cluster status`: the facts of every node, the checks that judge them and
// the cluster verdict. Read-only; src/ui/status-table.ts renders the result.
import * as c from '../checks/index.js';
import { cluster, on, runChecks } from '../engine/check-runner.js';
import { mapBounded } from '../engine/parallel.js';
import type { CheckStatus, RunContext } from '../engine/types.js';
import { probeNode, registeredAddresses } from './status-probe.js';
import { judgeCluster, nodeOnline, type NodeFacts, type Reason, type Verdict } from './verdict.js';

export interface NodeStatus extends NodeFacts {
  online: boolean;
  offlineReason: string | null;
}

export interface StatusCheck {
  id: string;
  node: string | null;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

export interface ClusterStatus {
  cluster: string;
  checkedAt: string;
  verdict: Verdict;
  online: string[];
  nodes: NodeStatus[];
  /** What cluster management lists, and which node's Admin said so; null when no Admin answered. */
  registered: string[] | null;
  registeredVia: string | null;
  tls: { asked: boolean; minDaysLeft: number };
  minNodes: number | null;
  reasons: Reason[];
  /** Every check status ran, by its public ID. */
  checks: StatusCheck[];
}

export interface StatusOptions {
  minNodes?: number;
}

/** The checks status reports, by their public IDs (README "Checks"). */
export const statusChecks = (ctx: RunContext): ReturnType<typeof on> => [
  ...on(ctx.nodes, c.nodeReachable, c.stInstalled, c.stVersionSame, c.stTaehIdentical, c.stRegistered, c.stOnline, c.stLicensePresent, c.stAdmindCert),
  ...cluster(c.stTlsOption),
];

export async function collectStatus(ctx: RunContext, options: StatusOptions = {}): Promise<ClusterStatus> {
  // Each look is a fresh one: facts remembered by an earlier refresh (--watch) would hide a change.
  ctx.memo.clear();
  const listing = await registeredAddresses(ctx);
  const facts = await mapBounded(ctx.nodes, ctx.parallel, (node) => probeNode(ctx, node, listing?.addresses ?? null));
  const { outcomes } = await runChecks(ctx, statusChecks(ctx), { step: 'status', report: false });
  const judgement = judgeCluster({ nodes: facts, registered: listing?.addresses ?? null, ...(options.minNodes !== undefined ? { minNodes: options.minNodes } : {}) });
  return {
    cluster: ctx.answers.cluster.name,
    checkedAt: new Date(ctx.clock.now()).toISOString(),
    verdict: judgement.verdict,
    online: judgement.online,
    nodes: facts.map((f) => {
      const state = nodeOnline(f);
      return { ...f, online: state.online, offlineReason: state.reason };
    }),
    registered: listing?.addresses ?? null,
    registeredVia: listing?.via ?? null,
    tls: { asked: ctx.answers.cluster.tls.enabled, minDaysLeft: ctx.answers.cluster.tls.minDaysLeft },
    minNodes: options.minNodes ?? null,
    reasons: judgement.reasons,
    checks: outcomes.map((o) => ({ id: o.id, node: o.node, status: o.result.status, detail: o.result.detail, ...(o.result.fix ? { fix: o.result.fix } : {}) })),
  };
}
