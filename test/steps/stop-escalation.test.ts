// A stop_all that does not finish within serviceStopSeconds (or fails) is forced
// with stop_all -f, as Axway's sample always stops (handlers/main.yml), and the run
// says so; a start gets serviceStartSeconds per service it starts.
import { describe, expect, it } from 'vitest';
import { AdapterError, type ExecOptions, type ExecResult, type NodeAdapter } from '../../src/adapters/types.js';
import { PlanBuilder } from '../../src/steps/actions.js';
import { fakeContext } from '../engine/fake-context.js';

const DIR = '/opt/Axway/SecureTransport';

function contextWith(answer: (argv: readonly string[], options: ExecOptions) => ExecResult | Promise<ExecResult>) {
  const { ctx, log } = fakeContext(['n1']);
  const calls: { argv: readonly string[]; timeoutMs?: number }[] = [];
  const adapter = {
    kind: 'fake',
    node: 'n1',
    exec: async (argv: readonly string[], options: ExecOptions = {}) => {
      calls.push({ argv, timeoutMs: options.timeoutMs });
      return answer(argv, options);
    },
  } as unknown as NodeAdapter;
  ctx.adapter = () => adapter;
  (ctx as { answers: unknown }).answers = { cluster: { installDir: DIR, timeouts: { serviceStartSeconds: 300, serviceStopSeconds: 120 } } };
  return { ctx, log, calls };
}

const done = (exitCode = 0, stderr = ''): ExecResult => ({ exitCode, stdout: '', stderr, durationMs: 1 });
const notices = (log: ReturnType<typeof contextWith>['log']): string[] => log.events.flatMap((e) => (e.type === 'notice' ? [e.message] : []));

describe('stop_all escalates to stop_all -f', () => {
  it('after its budget runs out: the forced stop runs with its own budget, and a notice says why', async () => {
    const { ctx, log, calls } = contextWith((argv) => {
      if (argv.length === 1) throw new AdapterError('n1', 'timeout', `n1: "${argv.join(' ')}" did not finish within 120000 ms and was killed`);
      return done();
    });
    const action = new PlanBuilder('restart-all').script(ctx, ctx.nodes[0]!, 'stop', 'all');
    expect(action.detail).toMatchObject({ argv: [`${DIR}/bin/stop_all`], forced: [`${DIR}/bin/stop_all`, '-f'], timeoutSeconds: 120 });
    await action.apply(ctx, new AbortController().signal);
    expect(calls.map((c) => [c.argv.join(' '), c.timeoutMs])).toEqual([[`${DIR}/bin/stop_all`, 120_000], [`${DIR}/bin/stop_all -f`, 120_000]]);
    expect(notices(log)).toEqual(['stop_all did not stop within 120 s: forcing with stop_all -f']);
  });

  it('after it fails; a stop_all that stops in time is not forced', async () => {
    const failing = contextWith((argv) => (argv.length === 1 ? done(1, 'Stopping TM... failed') : done()));
    await new PlanBuilder('s').script(failing.ctx, failing.ctx.nodes[0]!, 'stop', 'all').apply(failing.ctx, new AbortController().signal);
    expect(failing.calls.map((c) => c.argv.at(-1))).toEqual([`${DIR}/bin/stop_all`, '-f']);
    expect(notices(failing.log)[0]).toMatch(/^stop_all failed \(.*exited 1: Stopping TM\.\.\. failed\): forcing with stop_all -f$/);

    const fine = contextWith(() => done());
    await new PlanBuilder('s').script(fine.ctx, fine.ctx.nodes[0]!, 'stop', 'all').apply(fine.ctx, new AbortController().signal);
    expect(fine.calls).toHaveLength(1);
    expect(notices(fine.log)).toEqual([]);
  });

  it('a forced stop that fails too fails the action', async () => {
    const { ctx } = contextWith(() => done(1, 'cannot stop'));
    await expect(new PlanBuilder('s').script(ctx, ctx.nodes[0]!, 'stop', 'all').apply(ctx, new AbortController().signal)).rejects.toThrow(/stop_all exited 1: cannot stop/);
  });
});

describe('start budgets', () => {
  it('start_all gets serviceStartSeconds for each service it starts; one service gets one budget', () => {
    const { ctx } = contextWith(() => done());
    expect(new PlanBuilder('s').script(ctx, ctx.nodes[0]!, 'start', 'all').detail.timeoutSeconds).toBe(300 * 8);
    expect(new PlanBuilder('s').script(ctx, ctx.nodes[0]!, 'start', 'admin').detail.timeoutSeconds).toBe(300);
  });
});
