// remove-node's two steps against a small literal context and fake ports: the plan
// (typed data), and its waits, which pass on their checks and say what the last look saw.
import { describe, expect, it } from 'vitest';
import type { ClusterManagement } from '../../src/st/admin-types.js';
import type { Action, RunContext } from '../../src/engine/types.js';
import { removeNodeSteps } from '../../src/day-two/remove-node-steps.js';
import { checkContext, fakeNode, INSTALL_DIR } from '../checks/fake-node.js';

const PID = `${INSTALL_DIR}/var/run/admin/tomcat.pid`;

/** n1 manages, n2 leaves; `adminRunning`: n2's Admin runs (ps answers for its pid); `listed`: what n1's cluster management lists. */
function context(state: { adminRunning: boolean; listed: string[] }): RunContext {
  const leaving = fakeNode('n2', 'files', { [PID]: '4242\n' }, (argv) =>
    argv[0] === 'ps' ? (state.adminRunning ? { exitCode: 0, stdout: '4242\n', stderr: '', durationMs: 1 } : { exitCode: 1, stdout: '', stderr: '', durationMs: 1 }) : undefined,
  );
  const management = (): Promise<ClusterManagement> => Promise.resolve({ clusterNodes: state.listed.map((serverAddress) => ({ serverAddress })) } as unknown as ClusterManagement);
  let now = 0;
  const { ctx } = checkContext(
    { n1: fakeNode('n1', 'files'), n2: leaving },
    {
      admin: (() => ({ clusterManagement: management })) as unknown as RunContext['admin'],
      clock: { now: () => now, sleep: (ms: number) => ((now += ms), Promise.resolve()) },
    },
  );
  const answers = ctx.answers as unknown as { cluster: Record<string, unknown>; admin: Record<string, unknown> };
  answers.cluster.timeouts = { serviceStopSeconds: 30, registerSeconds: 20 };
  answers.admin.register = { removePath: '/api/v2.0/cluster/nodes/{serverAddress}' };
  return ctx;
}

const steps = (ctx: RunContext) => removeNodeSteps(ctx.nodes[1]!, ctx.nodes[0]!, false);
const step = (ctx: RunContext, id: string) => steps(ctx).find((s) => s.id === id)!;
const failure = (action: Action, ctx: RunContext): Promise<unknown> => action.apply(ctx, new AbortController().signal).then(() => undefined, (e: unknown) => e);

describe('remove-node steps', () => {
  it('remove-stop plans stop_all on the leaving node, then a wait for no service running', async () => {
    const ctx = context({ adminRunning: true, listed: [] });
    const plan = await step(ctx, 'remove-stop').plan(ctx, [ctx.nodes[1]!]);
    expect(plan.map((phase) => phase.map((a) => [a.kind, a.node, a.summary]))).toEqual([
      [['exec', 'n2', 'stop_all (then -f after 30 s)']],
      [['wait', 'n2', 'no service running']],
    ]);
    expect(plan[0]![0]!.detail.argv).toEqual([`${INSTALL_DIR}/bin/stop_all`]);
    expect(plan[1]![0]!.detail.timeoutSeconds).toBe(30);
  });

  it('remove-stop waits on its checks: times out naming what still runs, passes once nothing does', async () => {
    const state = { adminRunning: true, listed: [] };
    const ctx = context(state);
    const wait = (await step(ctx, 'remove-stop').plan(ctx, [ctx.nodes[1]!]))[1]![0]!;
    const error = (await failure(wait, ctx)) as Error;
    expect(error.message).toBe('no service running: not reached within 30 s; last look: Admin is running');
    state.adminRunning = false;
    expect(await failure(wait, ctx)).toBeUndefined();
  });

  it('remove-unregister asks the manager: DELETE through n1, then waits until n1 no longer lists n2', async () => {
    const state = { adminRunning: false, listed: ['10.0.0.1', '10.0.0.2'] };
    const ctx = context(state);
    const plan = await step(ctx, 'remove-unregister').plan(ctx, [ctx.nodes[1]!]);
    expect(plan[0]![0]!).toMatchObject({ kind: 'api', node: 'n2', detail: { method: 'DELETE', url: 'https://10.0.0.1:8444/api/v2.0/cluster/nodes/10.0.0.2' } });
    const wait = plan[1]![0]!;
    expect(wait).toMatchObject({ kind: 'wait', node: 'n1', summary: 'cluster management no longer lists 10.0.0.2', detail: { timeoutSeconds: 20 } });
    const error = (await failure(wait, ctx)) as Error;
    expect(error.message).toBe("cluster management no longer lists 10.0.0.2: not reached within 20 s; last look: n2: 10.0.0.2 is still listed by n1's cluster management");
    state.listed = ['10.0.0.1'];
    expect(await failure(wait, ctx)).toBeUndefined();
  });
});
