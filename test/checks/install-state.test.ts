// Installed means fully installed (issue 11.3), and a step never acts on a node whose
// "already done?" evidence could not look.
import { describe, expect, it } from 'vitest';
import * as c from '../../src/checks/index.js';
import { installFiles, installState } from '../../src/checks/st-probes.js';
import { on } from '../../src/engine/check-runner.js';
import { PreflightFailedError } from '../../src/engine/errors.js';
import { runSteps } from '../../src/engine/runner.js';
import type { Step } from '../../src/engine/types.js';
import { checkContext, fakeNode, INSTALL_DIR } from './fake-node.js';

const full = (): Record<string, string> => Object.fromEntries(installFiles().map((f) => [`${INSTALL_DIR}/${f}`, f.endsWith('version.txt') ? '5.5.0\n' : 'x']));
const without = (files: Record<string, string>, prefix: string): Record<string, string> =>
  Object.fromEntries(Object.entries(files).filter(([k]) => !k.startsWith(`${INSTALL_DIR}/${prefix}`) || k.endsWith('bin/taeh')));

describe('installState', () => {
  it('lists every start/stop script from layout among the install files', () => {
    const files = installFiles();
    for (const f of ['conf/version.txt', 'bin/taeh', 'bin/start_all', 'bin/stop_all', 'bin/start_admin', 'bin/stop_admin', 'bin/start_tm', 'bin/stop_tm', 'bin/stop_sshd']) expect(files).toContain(f);
  });

  it('version file and taeh without bin/* is partial, never installed; st.install-complete names what is missing and the fix', async () => {
    const { ctx } = checkContext({ n1: fakeNode('n1', 'files', without(full(), 'bin/')) });
    const state = await installState(ctx, ctx.nodes[0]!);
    expect(state.state).toBe('partial');
    expect(state.state === 'partial' && state.missing).toContain('bin/start_all');
    const installed = await c.stInstalled.run(ctx, ctx.nodes[0]!);
    expect(installed.status).toBe('fail');
    const complete = await c.stInstallComplete.run(ctx, ctx.nodes[0]!);
    expect(complete.status).toBe('fail');
    expect(complete.detail).toMatch(/^partial SecureTransport install .*bin\/start_all/);
    expect(complete.fix).toMatch(/empty \/opt\/Axway\/SecureTransport on n1, then run setup --resume/);
  });

  it('all files but an install action cut while it ran on that node is partial; on another node it is not', async () => {
    const interrupted = [{ id: 'install-others/n1/1', step: 'install-others', node: 'n1', kind: 'exec', summary: 'silent install' }];
    const { ctx } = checkContext({ n1: fakeNode('n1', 'files', full()) }, { interrupted });
    const state = await installState(ctx, ctx.nodes[0]!);
    expect(state).toMatchObject({ state: 'partial' });
    expect(state.state === 'partial' && state.missing.join(' ')).toContain('install action install-others/n1/1 (silent install) was cut');
    // Its installer went on after the run was cut and ended by starting Admin: installed.
    const pid = `${INSTALL_DIR}/var/run/admin/tomcat.pid`;
    const finished = fakeNode('n1', 'files', { ...full(), [pid]: '77\n' }, (argv) => (argv[0] === 'ps' ? { exitCode: 0, stdout: '77\n', stderr: '', durationMs: 1 } : undefined));
    const { ctx: done } = checkContext({ n1: finished }, { interrupted });
    expect(await installState(done, done.nodes[0]!)).toEqual({ state: 'installed', version: '5.5.0' });
    const { ctx: other } = checkContext({ n1: fakeNode('n1', 'files', full()) }, { interrupted: [{ ...interrupted[0]!, node: 'n2' }] });
    expect(await installState(other, other.nodes[0]!)).toEqual({ state: 'installed', version: '5.5.0' });
    // A cut wait (not the install command) does not make the install partial.
    const { ctx: wait } = checkContext({ n1: fakeNode('n1', 'files', full()) }, { interrupted: [{ ...interrupted[0]!, kind: 'wait' }] });
    expect((await installState(wait, wait.nodes[0]!)).state).toBe('installed');
  });

  it('nothing on disk is absent (ready to install), even after a cut install that wrote nothing', async () => {
    const interrupted = [{ id: 'install-first/n1/1', step: 'install-first', node: 'n1', kind: 'exec', summary: 'silent install' }];
    const { ctx } = checkContext({ n1: fakeNode('n1', 'absent') }, { interrupted });
    expect(await installState(ctx, ctx.nodes[0]!)).toEqual({ state: 'absent' });
    expect((await c.stInstallComplete.run(ctx, ctx.nodes[0]!)).status).toBe('pass');
  });

  it('an unreadable install is unknown', async () => {
    const { ctx } = checkContext({ n1: fakeNode('n1', 'eacces') });
    expect(await installState(ctx, ctx.nodes[0]!)).toMatchObject({ state: 'unknown' });
  });
});

describe('the runner never acts on a node whose state is unknown', () => {
  it('evidence that could not look makes the node pending and fails the preconditions with the cause; nothing is planned', async () => {
    const { ctx } = checkContext({ n1: fakeNode('n1', 'absent'), n2: fakeNode('n2', 'unreachable') });
    let planned = false;
    const step: Step = {
      id: 'stop-new-admins',
      title: 'Stop Admin',
      seed: '',
      targets: 'all',
      done: (_ctx, nodes) => on(nodes, c.stAdminStopped),
      preconditions: () => [],
      plan: () => {
        planned = true;
        return Promise.resolve([]);
      },
      postconditions: (_ctx, nodes) => on(nodes, c.stAdminStopped),
    };
    const error = await runSteps(ctx, [step], { dryRun: false, acceptRisks: new Map(), signal: new AbortController().signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PreflightFailedError);
    const failures = (error as PreflightFailedError).failures;
    expect(failures).toEqual([expect.objectContaining({ id: 'st.admin-stopped', node: 'n2', detail: expect.stringMatching(/could not look: .*No route to host/) })]);
    expect(planned).toBe(false);
  });
});
