// A node check's detail does not name its node; the runner records the node and the
// human reporter names it, once, on the check's line (issue 14.2).
import { describe, expect, it } from 'vitest';
import * as c from '../../src/checks/index.js';
import { cluster, on, runChecks } from '../../src/engine/check-runner.js';
import { HumanReporter } from '../../src/ui/human.js';
import { checkContext, fakeNode, INSTALL_DIR } from '../checks/fake-node.js';

describe('check lines', () => {
  it('name the node once for node checks, none for cluster checks', async () => {
    const printed: string[] = [];
    const human = new HumanReporter({ write: (t) => void printed.push(t), writeErr: (t) => void printed.push(t) });
    const { ctx, log } = checkContext({ n1: fakeNode('n1', 'files'), n2: fakeNode('n2', 'unreachable') });
    const events = { emit: (e: Parameters<typeof log.emit>[0]) => (log.emit(e), human.emit(e)) };
    await runChecks({ ...ctx, events }, [...on(ctx.nodes, c.nodeReachable, c.stInstalled), ...cluster(c.nodeOsSame)], { step: 'preflight', report: true });
    const checks = log.events.flatMap((e) => (e.type === 'check' ? [e] : []));
    for (const e of checks) expect(e.detail.startsWith(`${e.node}:`)).toBe(false);
    const text = printed.join('');
    // Passes are not printed; the event still carries the node apart from the detail.
    expect(checks.find((e) => e.id === 'node.reachable' && e.node === 'n1')).toMatchObject({ status: 'pass', detail: 'n1 answers (fake)' });
    expect(text).toContain('node.reachable           n2: ssh: connect to host 10.0.0.9 port 22: No route to host');
    expect(text).toContain('st.installed             n2: not checked: n2 is not reachable');
    expect(text).toContain(`st.installed             n1: SecureTransport is not installed yet in ${INSTALL_DIR}`);
    expect(text).toMatch(/node\.os-same +could not look: n2: /);
    expect(text).not.toMatch(/n2: n2:/);
  });
});
