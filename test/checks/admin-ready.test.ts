// st.admin-ready reads catalina.out as Axway's sample does (tail -n 75 on the node, not the
// whole log over the wire): a "Server startup" that scrolled out of the last 75 lines is an
// earlier start, and a tail that fails is "could not look", never a pass.
import { describe, expect, it } from 'vitest';
import { stAdminReady } from '../../src/checks/st-checks.js';
import type { ExecResult } from '../../src/adapters/types.js';
import { checkContext, fakeNode } from './fake-node.js';

const HOME = '/opt/Axway/SecureTransport';
const PID = `${HOME}/var/run/admin/tomcat.pid`;
const CATALINA = `${HOME}/tomcat/admin/logs/catalina.out`;
const ok = (stdout: string, exitCode = 0, stderr = ''): ExecResult => ({ exitCode, stdout, stderr, durationMs: 1 });
const lines = (n: number, text: string): string => Array.from({ length: n }, (_, i) => `${text} ${i}`).join('\n');

function run(log: string, tail: (argv: readonly string[]) => ExecResult) {
  const seen: string[][] = [];
  const node = fakeNode('n1', 'files', { [PID]: '4242\n', [CATALINA]: log }, (argv) => {
    seen.push([...argv]);
    if (argv[0] === 'ps') return ok('4242\n');
    if (argv[0] === 'tail') return tail(argv);
    return undefined;
  });
  const { ctx } = checkContext({ n1: node });
  return { result: stAdminReady.run(ctx, ctx.nodes[0]!), seen };
}

const realTail = (log: string) => (argv: readonly string[]): ExecResult => ok(`${log.split('\n').slice(-Number(argv[2])).join('\n')}\n`);

describe('st.admin-ready and catalina.out', () => {
  it('asks the node for the last 75 lines only, and takes a marker that scrolled away as not ready', async () => {
    const log = `x INFO Server startup in [900] milliseconds\n${lines(80, 'INFO later line')}`;
    const { result, seen } = run(log, realTail(log));
    const r = await result;
    expect(seen).toContainEqual(['tail', '-n', '75', '--', CATALINA]);
    expect(r.status).toBe('fail');
    expect(r.unknown).toBeUndefined();
    expect(r.detail).toMatch(/"Server startup" is not yet in/);
  });

  it('a tail that fails is could not look, with its words', async () => {
    const { result } = run('whatever', () => ok('', 1, 'tail: cannot open: Permission denied'));
    const r = await result;
    expect(r.status).toBe('fail');
    expect(r.unknown).toBe(true);
    expect(r.detail).toMatch(/tail -n 75 .*exited 1: tail: cannot open: Permission denied/);
  });
});
