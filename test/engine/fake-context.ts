// A tiny literal context for engine tests (STYLE.md: fakes at the ports).
import type { NodeAdapter } from '../../src/adapters/types.js';
import { EventLog } from '../../src/engine/events.js';
import type { Check, CheckResult, ClusterCheck, NodeCheck, RunContext } from '../../src/engine/types.js';
import { Memo } from '../../src/engine/memo.js';

export function fakeContext(nodeNames = ['n1', 'n2', 'n3']): { ctx: RunContext; log: EventLog } {
  const log = new EventLog();
  const nodes = nodeNames.map((name, index) => ({ name, address: `10.0.0.${index + 1}`, index, first: index === 0 }));
  const unused = (what: string) => (): never => {
    throw new Error(`${what} is not used by this test`);
  };
  const ctx = {
    answers: {} as RunContext['answers'],
    nodes,
    runId: 'test-run',
    dryRun: false,
    parallel: 4,
    adapter: unused('adapter') as unknown as (node: unknown) => NodeAdapter,
    admin: unused('admin'),
    db: {} as RunContext['db'],
    jumpHost: {} as RunContext['jumpHost'],
    dbPassword: unused('dbPassword'),
    adminPassword: unused('adminPassword'),
    clock: { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) },
    events: log,
    memo: new Memo(),
  } as unknown as RunContext;
  return { ctx, log };
}

export function fakeCheck(id: string, scope: 'node', judge: (node: string) => CheckResult | Promise<CheckResult>, severity?: 'error' | 'warning'): NodeCheck;
export function fakeCheck(id: string, scope: 'cluster', judge: () => CheckResult | Promise<CheckResult>, severity?: 'error' | 'warning'): ClusterCheck;
export function fakeCheck(id: string, scope: 'node' | 'cluster', judge: (node: string) => CheckResult | Promise<CheckResult>, severity: 'error' | 'warning' = 'error'): Check {
  if (scope === 'cluster') return { id, title: id, severity, scope, run: async () => (judge as () => CheckResult | Promise<CheckResult>)() };
  return { id, title: id, severity, scope, run: async (_ctx, node) => judge(node.name) };
}
