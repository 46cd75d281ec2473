// PlanBuilder.wait: a timeout says what the last look saw; a fatal probe error fails at once.
import { describe, expect, it } from 'vitest';
import type { RunContext } from '../../src/engine/types.js';
import { ActionError, PlanBuilder } from '../../src/steps/actions.js';
import { AdminApiError } from '../../src/st/admin-types.js';
import { fakeContext } from '../engine/fake-context.js';

function clocked(): { ctx: RunContext; slept: number[] } {
  const { ctx } = fakeContext(['node1']);
  let now = 0;
  const slept: number[] = [];
  return { ctx: { ...ctx, clock: { now: () => now, sleep: (ms) => (slept.push(ms), (now += ms), Promise.resolve()) } }, slept };
}

const failure = async (run: Promise<unknown>): Promise<ActionError> => {
  const error = await run.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ActionError);
  return error as ActionError;
};

describe('PlanBuilder.wait', () => {
  it('on timeout prints the last look of a check probe, not a guess', async () => {
    const { ctx } = clocked();
    const node = ctx.nodes[0]!;
    const check = { id: 'x', title: 'x', severity: 'error' as const, scope: 'node' as const, run: () => Promise.resolve({ status: 'fail' as const, detail: 'Admin runs but is not operational (503)', fix: '' }) };
    const wait = new PlanBuilder('s').waitFor(node, 'Admin up', 5, [check], 'look at catalina.out');
    const error = await failure(wait.apply(ctx, new AbortController().signal));
    expect(error.message).toBe('Admin up: not reached within 5 s; last look: Admin runs but is not operational (503)');
  });

  it('waitFor on one node for checks of another: the checks look at the subject, the last look names it', async () => {
    const { ctx: base } = fakeContext(['node1', 'node2']);
    let now = 0;
    const ctx: RunContext = { ...base, clock: { now: () => now, sleep: (ms) => ((now += ms), Promise.resolve()) } };
    const [first, other] = [ctx.nodes[0]!, ctx.nodes[1]!];
    const looked: string[] = [];
    const check = { id: 'x', title: 'x', severity: 'error' as const, scope: 'node' as const, run: (_c: RunContext, n: { name: string }) => (looked.push(n.name), Promise.resolve({ status: 'fail' as const, detail: 'not listed', fix: '' })) };
    const wait = new PlanBuilder('s').waitFor(first, 'listed', 2, [check], 'see Cluster Management', other);
    expect(wait.node).toBe('node1');
    const error = await failure(wait.apply(ctx, new AbortController().signal));
    expect(error.message).toBe('listed: not reached within 2 s; last look: node2: not listed');
    expect(new Set(looked)).toEqual(new Set(['node2']));
  });

  it('fails at once on a 401 with the Admin error\'s own fix', async () => {
    const { ctx, slept } = clocked();
    const node = ctx.nodes[0]!;
    let looks = 0;
    const denied = new AdminApiError(401, 'https://h/api/v2.0/version', 'admin.password does not log in as admin.user (admin) on node1 (HTTP 401)', 'Check admin.user and the secret behind admin.password');
    const wait = new PlanBuilder('s').wait(node, 'Admin up', 180_000, () => (looks++, Promise.reject(denied)), 'look at catalina.out');
    const error = await failure(wait.apply(ctx, new AbortController().signal));
    expect(error.message).toBe('Admin up: admin.password does not log in as admin.user (admin) on node1 (HTTP 401)');
    expect(error.fix).toBe('Check admin.user and the secret behind admin.password');
    expect(looks).toBe(1);
    expect(slept).toEqual([]);
  });

  it('keeps waiting through an unreachable Admin and says so at the end', async () => {
    const { ctx } = clocked();
    const node = ctx.nodes[0]!;
    const refused = new AdminApiError('unreachable', 'https://h', 'Admin at h:8444 is unreachable (ECONNREFUSED)', 'start it');
    const error = await failure(new PlanBuilder('s').wait(node, 'Admin up', 2000, () => Promise.reject(refused), 'fix').apply(ctx, new AbortController().signal));
    expect(error.message).toContain('last look: Admin at h:8444 is unreachable (ECONNREFUSED)');
    expect(error.fix).toBe('fix');
  });
});
