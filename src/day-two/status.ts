// `st-cluster status`: the facts of every node, the checks that judge them and
// the cluster verdict. Read-only; src/ui/status-table.ts renders the result.
import * as c from '../checks/index.js';
import { cluster, on, runChecks } from '../engine/check-runner.js';
import { mapBounded } from '../engine/parallel.js';
import type { CheckStatus, RunContext } from '../engine/types.js';
import { probeNode, registeredAddresses } from './status-probe.js';
import { judgeCluster, nodeOnline, type NodeFacts, type Reason, type Verdict, type VerdictInput } from './verdict.js';

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
  /** Why no Admin could list the registration, when none could. */
  registeredError: string | null;
  /** The fs.shared sentinel probe, as status ran it. */
  sharedFs: SharedFsState;
  tls: { asked: boolean; minDaysLeft: number };
  minNodes: number | null;
  reasons: Reason[];
  /** Every check status ran, by its public ID. */
  checks: StatusCheck[];
}

export type SharedFsState = NonNullable<VerdictInput['sharedFs']>;

/** fs.shared's sentinel probe (probe writes pass the dry-run guard): a failure to write proves nothing either way. */
export async function sharedFsState(ctx: RunContext): Promise<SharedFsState> {
  try {
    const result = await c.fsShared.run(ctx);
    if (result.status === 'pass') return { state: 'shared', detail: result.detail };
    return { state: /cannot write/.test(result.detail) ? 'unknown' : 'not-shared', detail: result.detail };
  } catch (error) {
    return { state: 'unknown', detail: `the sentinel probe failed: ${(error as Error).message}` };
  }
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
  const facts = await mapBounded(ctx.nodes, ctx.parallel, (node) => probeNode(ctx, node, listing.addresses));
  const sharedFs = await sharedFsState(ctx);
  const { outcomes } = await runChecks(ctx, statusChecks(ctx), { step: 'status', report: false });
  const judgement = judgeCluster({
    nodes: facts,
    registered: listing.addresses,
    ...('error' in listing ? { registeredError: listing.error } : {}),
    sharedFs,
    ...(options.minNodes !== undefined ? { minNodes: options.minNodes } : {}),
  });
  return {
    cluster: ctx.answers.cluster.name,
    checkedAt: new Date(ctx.clock.now()).toISOString(),
    verdict: judgement.verdict,
    online: judgement.online,
    nodes: facts.map((f) => {
      const state = nodeOnline(f);
      return { ...f, online: state.online, offlineReason: state.reason };
    }),
    registered: listing.addresses,
    registeredVia: 'via' in listing ? listing.via : null,
    registeredError: 'error' in listing ? listing.error : null,
    sharedFs,
    tls: { asked: ctx.answers.cluster.tls.enabled, minDaysLeft: ctx.answers.cluster.tls.minDaysLeft },
    minNodes: options.minNodes ?? null,
    reasons: judgement.reasons,
    checks: [
      ...outcomes.map((o) => ({ id: o.id, node: o.node, status: o.result.status, detail: o.result.detail, ...(o.result.fix ? { fix: o.result.fix } : {}) })),
      { id: c.fsShared.id, node: null, status: sharedFs.state === 'shared' ? 'pass' : 'fail', detail: sharedFs.detail, ...(sharedFs.state === 'shared' ? {} : { fix: `Mount the same shared file system at ${ctx.answers.sharedFs.path} on every node, writable by the SecureTransport user.` }) },
    ],
  };
}
