// Every probe tells "absent" from "could not look", and every check that could not
// look fails with the cause (README "could not look"): an unreachable node, EACCES
// and EIO never pass a "stopped" or "absent" check.
import { describe, expect, it } from 'vitest';
import * as c from '../../src/checks/index.js';
import { runChecks, on, cluster } from '../../src/engine/check-runner.js';
import type { Check, CheckResult, ClusterCheck, NodeCheck } from '../../src/engine/types.js';
import { checkContext, fakeNode, type Mode } from './fake-node.js';

const NODE_CHECKS: NodeCheck[] = [
  c.stAdminStopped,
  c.stTmStopped,
  c.stDaemonsStopped,
  c.stAdminReady,
  c.stOnline,
  c.stInstalled,
  c.stInstallComplete,
  c.stVersionSame,
  c.stTaehIdentical,
  c.taehIdentical(true),
  c.stLicensePresent,
  c.stMediaPresent,
  c.fsMounted,
  c.nodeInstallDir,
  c.nodePortsFree,
];
const FILE_ONLY = new Set(NODE_CHECKS.map((k) => k.id));
const EXEC_CHECKS: NodeCheck[] = [c.nodeReachable, c.nodeHostnameResolves, c.nodeClockSkew, c.nodeDiskSpace];
const CLUSTER_CHECKS: ClusterCheck[] = [c.nodeOsSame, c.fsShared];

async function judge(mode: Mode, checks: readonly Check[]): Promise<Map<string, CheckResult>> {
  // n1 (the first node) is healthy and installed-looking only where a check compares with it; n2 fails in `mode`.
  const proc = { '/proc/net/tcp': '  sl  local_address rem_address   st\n' };
  const { ctx } = checkContext({ n1: fakeNode('n1', 'absent'), n2: fakeNode('n2', mode, mode === 'absent' ? proc : {}) });
  const uses = checks.flatMap((check) => (check.scope === 'node' ? on([ctx.nodes[1]!], check) : cluster(check)));
  const { outcomes } = await runChecks(ctx, uses, { step: 'unit', report: false });
  return new Map(outcomes.map((o) => [o.id, o.result]));
}

describe('a check that could not look fails with the cause', () => {
  for (const mode of ['unreachable', 'eacces', 'eio'] as const) {
    it(`${mode}: every file-reading node check fails "could not look" — none passes`, async () => {
      const results = await judge(mode, NODE_CHECKS);
      for (const id of FILE_ONLY) {
        const result = results.get(id)!;
        expect(result.status, `${id}: ${result.detail}`).toBe('fail');
        expect(result.unknown, `${id}: ${result.detail}`).toBe(true);
        expect(result.detail, id).toMatch(/could not look/);
        expect(result.detail, id).toMatch(mode === 'unreachable' ? /No route to host/ : mode === 'eacces' ? /EACCES/ : /EIO/);
      }
    });
    it(`${mode}: cluster checks that read the node fail "could not look" and name it`, async () => {
      const results = await judge(mode, CLUSTER_CHECKS);
      expect(results.get('node.os-same')).toMatchObject({ status: 'fail', unknown: true });
      expect(results.get('node.os-same')!.detail).toMatch(/n2: .*/);
      if (mode !== 'unreachable') {
        // The sentinel writes go through; reading them back fails.
        expect(results.get('fs.shared')).toMatchObject({ status: 'fail', unknown: true });
        expect(results.get('fs.shared')!.detail).toMatch(/could not look: n[12] reading n[12]'s sentinel/);
      } else {
        expect(results.get('fs.shared')!.status).toBe('fail');
      }
    });
  }

  it('unreachable: checks that only run commands fail with the cause', async () => {
    const results = await judge('unreachable', EXEC_CHECKS);
    expect(results.get('node.reachable')!.status).toBe('fail');
    // The runner skips the rest once node.reachable failed; a skip is never a pass.
    for (const id of ['node.hostname-resolves', 'node.clock-skew', 'node.disk-space']) expect(results.get(id)!.status).toBe('skip');
    const alone = await judge('unreachable', [c.nodeHostnameResolves, c.nodeClockSkew, c.nodeDiskSpace]);
    for (const [id, result] of alone) expect(result, id).toMatchObject({ status: 'fail', unknown: true });
  });
});

describe('absent is absent: the same checks judge a node with nothing on it', () => {
  it('stopped checks pass, installed checks fail as "not installed", never "could not look"', async () => {
    const results = await judge('absent', NODE_CHECKS);
    for (const id of ['st.admin-stopped', 'st.tm-stopped', 'st.daemons-stopped', 'st.install-complete', 'node.install-dir', 'node.ports-free']) {
      expect(results.get(id)!.status, `${id}: ${results.get(id)!.detail}`).toBe('pass');
    }
    for (const id of ['st.admin-ready', 'st.online', 'st.installed', 'st.license-present', 'st.media-present', 'fs.mounted']) {
      const result = results.get(id)!;
      expect(result.status, id).toBe('fail');
      expect(result.unknown, `${id}: ${result.detail}`).toBeUndefined();
      expect(result.detail, id).not.toMatch(/could not look/);
    }
    expect(results.get('st.installed')!.detail).toMatch(/not installed/);
  });

  it('ps failing for another reason than "no such pid" is unknown, not down', async () => {
    const pidFile = '/opt/Axway/SecureTransport/var/run/admin/tomcat.pid';
    const psBroken = fakeNode('n2', 'files', { [pidFile]: '4242\n' }, (argv) =>
      argv[0] === 'ps' ? { exitCode: 1, stdout: '', stderr: 'error: cannot open /proc', durationMs: 1 } : undefined,
    );
    const { ctx } = checkContext({ n1: fakeNode('n1', 'absent'), n2: psBroken });
    const result = await c.stAdminStopped.run(ctx, ctx.nodes[1]!);
    expect(result).toMatchObject({ status: 'fail', unknown: true });
    expect(result.detail).toContain('cannot open /proc');
    const gone = fakeNode('n2', 'files', { [pidFile]: '4242\n' });
    const { ctx: ctx2 } = checkContext({ n1: fakeNode('n1', 'absent'), n2: gone });
    expect((await c.stAdminStopped.run(ctx2, ctx2.nodes[1]!)).status).toBe('pass');
  });
});

describe('evidence that could not look', () => {
  it('either(): unknown when no branch passed and one could not look', async () => {
    const { either } = await import('../../src/steps/evidence.js');
    const { ctx } = checkContext({ n1: fakeNode('n1', 'absent'), n2: fakeNode('n2', 'eio') });
    const notYet: NodeCheck = { id: 'x', title: 'x', severity: 'error', scope: 'node', run: () => Promise.resolve({ status: 'fail', detail: 'not registered' }) };
    const result = await either('st.admin-stopped', notYet, c.stAdminStopped).run(ctx, ctx.nodes[1]!);
    expect(result).toMatchObject({ status: 'fail', unknown: true });
    const { outcomes } = await runChecks(ctx, on([ctx.nodes[1]!], either('st.admin-stopped', notYet, c.stAdminStopped)), { step: 'unit', report: false });
    expect(outcomes[0]!.result.unknown).toBe(true);
  });
});
